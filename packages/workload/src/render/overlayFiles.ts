import fs from 'node:fs';
import path from 'node:path';
import { WORKLOAD_FOLDER } from './renderEnvironment';

/** How the rendered files differ from the ones in the overlays folder. */
export interface OverlayDiff {
  /** New or different, relative to the overlays folder. */
  changed: string[];
  /** In a workload folder, but no longer rendered. */
  removed: string[];
}

/** Files under `<overlays>/<env>/workload/`, relative to `overlays`. */
function filesOnDisk(overlays: string, envs: readonly string[]) {
  const files = new Map<string, string>();
  for (const env of envs) {
    const dir = path.join(overlays, env, WORKLOAD_FOLDER);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      files.set(
        `${env}/${WORKLOAD_FOLDER}/${name}`,
        fs.readFileSync(path.join(dir, name), 'utf8'),
      );
    }
  }
  return files;
}

/** Compares what `renderWorkload` gave with what the overlays folder holds. */
export function diffOverlays(
  overlays: string,
  rendered: Map<string, string>,
  envs: readonly string[],
): OverlayDiff {
  const onDisk = filesOnDisk(overlays, envs);
  return {
    changed: [...rendered]
      .filter(([f, c]) => onDisk.get(f) !== c)
      .map(([f]) => f),
    removed: [...onDisk.keys()].filter(f => !rendered.has(f)),
  };
}

/**
 * Makes each environment's workload folder hold exactly the rendered
 * files: the folder is the renderer's, so a file it no longer renders
 * goes.
 */
export function writeOverlays(
  overlays: string,
  rendered: Map<string, string>,
  envs: readonly string[],
): OverlayDiff {
  const diff = diffOverlays(overlays, rendered, envs);
  for (const f of diff.removed) fs.rmSync(path.join(overlays, f));
  for (const f of diff.changed) {
    fs.mkdirSync(path.dirname(path.join(overlays, f)), { recursive: true });
    fs.writeFileSync(path.join(overlays, f), rendered.get(f)!);
  }
  return diff;
}
