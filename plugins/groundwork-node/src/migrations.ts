import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A backend package's `migrations` folder. `resolvePackagePath` finds it
 * wherever the package is installed as a dependency; inside a pnpm
 * workspace a package is linked only into its dependents, so fall back to
 * walking up from the calling module's directory.
 */
export function packageMigrationsDir(packageName: string, fromDir: string) {
  try {
    return resolvePackagePath(packageName, 'migrations');
  } catch {
    for (let dir = fromDir; path.dirname(dir) !== dir; ) {
      const candidate = path.join(dir, 'migrations');
      if (
        fs.existsSync(path.join(dir, 'package.json')) &&
        fs.existsSync(candidate)
      ) {
        return candidate;
      }
      dir = path.dirname(dir);
    }
    throw new Error(`The ${packageName} migrations folder is missing.`);
  }
}
