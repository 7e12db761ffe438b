import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/**
 * The output directory in the task workspace. When an earlier step fetched
 * the repository that holds the access files (fetch:plain), this is where
 * the current files are read from, so onboarding merges into them and
 * offboarding removes from them.
 */
export class OutputDirectory {
  readonly root: string;
  private readonly snapshot = new Map<string, string | undefined>();

  constructor(workspacePath: string, outputDir: string) {
    this.root = resolveSafeChildPath(workspacePath, outputDir);
  }

  private resolve(relative: string): string {
    return resolveSafeChildPath(this.root, relative);
  }

  /** Loads files before any change, so that reads see the previous state. */
  async load(paths: string[]): Promise<void> {
    for (const p of paths) {
      if (this.snapshot.has(p)) continue;
      try {
        this.snapshot.set(p, await fs.readFile(this.resolve(p), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.snapshot.set(p, undefined);
      }
    }
  }

  /** The file as it was before this run (after `load`). */
  previous(relative: string): string | undefined {
    if (!this.snapshot.has(relative)) {
      throw new Error(`${relative} was not loaded`);
    }
    return this.snapshot.get(relative);
  }

  async write(relative: string, content: string): Promise<void> {
    const target = this.resolve(relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }

  /** The file as it is now, whatever this run did to it. */
  async read(relative: string): Promise<string> {
    return fs.readFile(this.resolve(relative), 'utf8');
  }

  /** Names of the files directly in a folder (none when it does not exist). */
  async list(relative: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.resolve(relative), {
        withFileTypes: true,
      });
      return entries
        .filter(e => e.isFile())
        .map(e => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async remove(relative: string): Promise<void> {
    await fs.rm(this.resolve(relative), { force: true });
  }
}
