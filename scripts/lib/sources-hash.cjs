// Prints one hash of everything the production build reads: the sources of every
// package (build output and installed modules left out), the root manifests, the
// bundler, app-config.yaml (the app's build reads it: app.packages decides which
// features are bundled), and the Node version. Equal hashes mean a build would produce the same bundle.
// Usage: node scripts/lib/sources-hash.cjs
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SKIPPED = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'coverage',
  '.cache',
]);
const hash = crypto.createHash('sha256');

function add(rel) {
  hash.update(`${rel}\0`);
  hash.update(fs.readFileSync(path.join(ROOT, rel)));
  hash.update('\0');
}

function walk(rel) {
  const entries = fs
    .readdirSync(path.join(ROOT, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (SKIPPED.has(entry.name)) continue;
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) walk(child);
    else if (entry.isFile()) add(child);
  }
}

walk('packages');
walk('plugins');
for (const file of [
  'package.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'tsconfig.json',
  'app-config.yaml',
  'scripts/lib/bundle-backend.cjs',
]) {
  add(file);
}
hash.update(process.version);
console.log(hash.digest('hex'));
