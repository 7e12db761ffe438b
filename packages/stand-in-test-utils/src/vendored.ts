import fs from 'node:fs';
import path from 'node:path';

/**
 * This package's root: the folder above this module's, for the sources in
 * src/ and for a build in dist/ alike. Found from the module itself, so a
 * clone needs nothing outside it, whatever the working directory.
 */
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_ROOT = path.resolve(__dirname, '..');

/**
 * A third-party document vendored in this package (the README in each
 * folder gives origin, commit, licence and sha256). A name cannot lead out
 * of its folder.
 */
function vendoredPath(folder: string, name: string): string {
  const base = path.join(PACKAGE_ROOT, folder);
  const resolved = path.resolve(base, name);
  const relative = path.relative(base, resolved);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`${name} is not a file inside ${folder}/`);
  }
  if (!fs.existsSync(resolved)) {
    throw new Error(
      `@groundwork/stand-in-test-utils has no vendored ${folder}/${name}; the README in that folder lists what is there.`,
    );
  }
  return resolved;
}

/** Absolute path of a vendored contract, e.g. `contractPath('argocd/swagger.json')`. */
export function contractPath(name: string): string {
  return vendoredPath('contracts', name);
}

/**
 * Absolute path of a real `terraform show -json` plan, e.g.
 * `planFixturePath('01-checkov-terragoat-tfplan.json')`.
 */
export function planFixturePath(name: string): string {
  return vendoredPath('fixtures/terraform-plans', name);
}
