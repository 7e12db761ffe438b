import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asSnapshot, PriceProvider, PriceSnapshot } from './snapshot';

/** Where snapshots are kept between runs, and which one a request means. */
export interface SnapshotCache {
  /** The cached snapshot for `key`, or why there is none usable. */
  read(
    provider: PriceProvider,
    key: string,
  ): Promise<{ snapshot?: PriceSnapshot; note?: string }>;
  write(key: string, snapshot: PriceSnapshot): Promise<void>;
}

/** `$XDG_CACHE_HOME/groundwork/prices`, else `~/.cache/groundwork/prices`. */
export function defaultPriceCacheDir(
  env: NodeJS.ProcessEnv = process.env,
): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'groundwork', 'prices');
}

/**
 * One JSON file per provider and request (regions and types), written to
 * a temporary file and renamed over the old one, so a reader never sees
 * half a file. The snapshot carries its own fetch date.
 */
export class DiskPriceCache implements SnapshotCache {
  constructor(readonly dir: string = defaultPriceCacheDir()) {}

  fileOf(provider: PriceProvider, key: string): string {
    // The key holds user-chosen names: hashed, it cannot walk out of the directory.
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 24);
    return path.join(this.dir, `${provider}-${digest}.json`);
  }

  async read(
    provider: PriceProvider,
    key: string,
  ): Promise<{ snapshot?: PriceSnapshot; note?: string }> {
    const file = this.fileOf(provider, key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return {
        note: `the price cache file ${file} could not be read (${
          (e as NodeJS.ErrnoException).code ?? (e as Error).message
        }); ignored`,
      };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return {
        note: `the price cache file ${file} is not valid JSON; ignored (it is replaced on the next successful fetch)`,
      };
    }
    const snapshot = asSnapshot(parsed);
    if (!snapshot || snapshot.provider !== provider)
      return {
        note: `the price cache file ${file} does not hold a ${provider} price snapshot; ignored`,
      };
    return { snapshot };
  }

  async write(key: string, snapshot: PriceSnapshot): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(snapshot.provider, key);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.writeFile(tmp, `${JSON.stringify(snapshot, null, 1)}\n`, {
        mode: 0o600,
      });
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }
}
