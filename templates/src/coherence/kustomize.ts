import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';

/**
 * Builds Kustomize folders with the real kustomize, the one `kubectl`
 * embeds (`kubectl kustomize DIR`, offline). scripts/lib/preflight.sh
 * (gw_ensure_kubectl) installs kubectl where it is missing.
 */

/** Why `kubectl kustomize` cannot run here, or undefined when it can. */
export function kustomizeUnavailable(): string | undefined {
  const kubectl = process.env.KUBECTL ?? 'kubectl';
  const r = spawnSync(kubectl, ['version', '--client', '--output=json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error || r.status !== 0) {
    return `The coherence test builds Kustomize folders with \`${kubectl} kustomize\`, which did not run (${
      r.error?.message ??
      `exit ${r.status}${r.stderr ? `: ${r.stderr.trim()}` : ''}`
    }). Install kubectl (npm test does it through scripts/lib/preflight.sh; by hand: apt-get install kubectl, or set KUBECTL to its path).`;
  }
  const version = JSON.parse(r.stdout).kustomizeVersion as string | undefined;
  const major = Number(/^v?(\d+)/.exec(version ?? '')?.[1] ?? 0);
  if (major < 5) {
    return `${kubectl} embeds kustomize ${
      version ?? '(unknown)'
    }; the rendered overlays use fields of kustomize 5 (labels, patches). Install a kubectl of 1.27 or later, or set KUBECTL to one.`;
  }
  return undefined;
}

/** Writes a rendered repository into a new temporary folder. */
export function writeTree(files: Map<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-coherence-'));
  for (const [f, text] of files) {
    const target = path.join(root, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return root;
}

/** Whether a kustomization file is a Component, which only a kustomization that includes it builds. */
function isComponent(text: string): boolean {
  try {
    return yaml.parse(text)?.kind === 'Component';
  } catch {
    return false;
  }
}

/**
 * Folders of a rendered repository that hold a kustomization one can build
 * (Components are built as part of the kustomizations that include them).
 */
export function kustomizationDirs(files: Map<string, string>): string[] {
  return [...files.entries()]
    .filter(([f]) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f))
    .filter(([, text]) => !isComponent(text))
    .map(([f]) => path.posix.dirname(f))
    .sort();
}

type BuildResult = { ok: true; objects: any[] } | { ok: false; error: string };

/** `kubectl kustomize <root>/<dir>`: the objects, or kustomize's error. */
export function kustomizeBuild(root: string, dir: string): BuildResult {
  try {
    const out = execFileSync(
      process.env.KUBECTL ?? 'kubectl',
      ['kustomize', path.join(root, dir)],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return {
      ok: true,
      objects: yaml
        .parseAllDocuments(out)
        .map(d => d.toJS())
        .filter(Boolean),
    };
  } catch (e: any) {
    const stderr = String(e.stderr ?? e.message)
      .split(root)
      .join('.')
      .trim();
    return { ok: false, error: stderr };
  }
}

/**
 * What Argo CD deploys from a path of a rendered repository: the
 * kustomize build when the folder has a kustomization, else the folder's
 * YAML and JSON manifests (a directory source, not recursive: Argo CD's
 * default).
 */
export function sourceObjects(
  root: string,
  files: Map<string, string>,
  dir: string,
): BuildResult {
  const clean = dir.replace(/^\.\/|\/$/g, '');
  if (kustomizationDirs(files).includes(clean))
    return kustomizeBuild(root, clean);
  const direct = [...files.keys()].filter(
    f => path.posix.dirname(f) === clean && /\.(ya?ml|json)$/.test(f),
  );
  if (direct.length === 0)
    return { ok: false, error: `${dir} holds no manifests` };
  try {
    return {
      ok: true,
      objects: direct.flatMap(f =>
        yaml
          .parseAllDocuments(files.get(f)!)
          .map(d => d.toJS())
          .filter(o => o && o.apiVersion && o.kind),
      ),
    };
  } catch (e: any) {
    return { ok: false, error: String(e.message) };
  }
}
