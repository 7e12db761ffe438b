import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { contractPath, planFixturePath } from './vendored';

/** `{ file: sha256 }` from the table of a vendored folder's README. */
function recordedHashes(readme: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of fs.readFileSync(readme, 'utf8').split('\n')) {
    const file = /^\| `([^`]+)` \|/.exec(line)?.[1];
    const sha = /`([0-9a-f]{64})`/.exec(line)?.[1];
    if (file && sha) hashes.set(file, sha);
  }
  return hashes;
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const sha256 = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// With the fewest files each folder holds: a README table that stopped
// parsing would otherwise check nothing.
describe.each([
  ['contracts/argocd', (f: string) => contractPath(`argocd/${f}`), 4],
  ['contracts/kyverno', (f: string) => contractPath(`kyverno/${f}`), 2],
  [
    'contracts/external-secrets',
    (f: string) => contractPath(`external-secrets/${f}`),
    4,
  ],
  [
    'contracts/prometheus-operator',
    (f: string) => contractPath(`prometheus-operator/${f}`),
    2,
  ],
  ['contracts/istio', (f: string) => contractPath(`istio/${f}`), 2],
  ['contracts/velero', (f: string) => contractPath(`velero/${f}`), 4],
  ['fixtures/terraform-plans', planFixturePath, 4],
] as const)('the vendored %s', (_folder, resolve, fewest) => {
  const readme = resolve('README.md');
  const dir = path.dirname(readme);
  const hashes = recordedHashes(readme);

  it('holds exactly the files its README lists, byte for byte', () => {
    expect(hashes.size).toBeGreaterThanOrEqual(fewest);
    expect(filesUnder(dir)).toEqual([...hashes.keys(), 'README.md'].sort());
    for (const [file, sha] of hashes) {
      expect([file, sha256(resolve(file))]).toEqual([file, sha]);
    }
  });
});

describe('vendored paths', () => {
  // eslint-disable-next-line no-restricted-syntax
  const packageDir = path.resolve(__dirname, '..');

  it('resolve inside this package, never above it', () => {
    expect(contractPath('argocd/swagger.json')).toBe(
      path.join(packageDir, 'contracts', 'argocd', 'swagger.json'),
    );
    expect(planFixturePath('01-checkov-terragoat-tfplan.json')).toBe(
      path.join(
        packageDir,
        'fixtures',
        'terraform-plans',
        '01-checkov-terragoat-tfplan.json',
      ),
    );
  });

  it('refuse names that lead out of their folder', () => {
    expect(() => contractPath('../package.json')).toThrow(
      'is not a file inside contracts/',
    );
    expect(() => planFixturePath('../../package.json')).toThrow(
      'is not a file inside fixtures/terraform-plans/',
    );
    expect(() => contractPath('/etc/hostname')).toThrow(
      'is not a file inside contracts/',
    );
  });

  it('say what is missing rather than return a path to nothing', () => {
    expect(() => planFixturePath('99-not-vendored.json')).toThrow(
      'no vendored fixtures/terraform-plans/99-not-vendored.json',
    );
  });
});
