import fs from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of a file under the workplace's `shared/` folder (contracts
 * and fixtures: real documents from other projects, never copied into this
 * one). It sits beside the repository clone, so walk up from here until a
 * directory holds `shared/contracts`. `GROUNDWORK_SHARED_DIR` overrides.
 */
export function sharedPath(...segments: string[]): string {
  const override = process.env.GROUNDWORK_SHARED_DIR;
  if (override) return path.join(override, ...segments);
  // Test-only helper: the source location is what we want to walk up from.
  // eslint-disable-next-line no-restricted-syntax
  const here = __dirname;
  for (const start of [here, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'shared');
      if (fs.existsSync(path.join(candidate, 'contracts'))) {
        return path.join(candidate, ...segments);
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `No shared/contracts folder found above ${here}; set GROUNDWORK_SHARED_DIR to the folder that holds contracts/ and fixtures/.`,
  );
}
