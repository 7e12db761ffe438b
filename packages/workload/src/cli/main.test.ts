import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FULL_WORKLOAD } from '../__testUtils__/fixtures';
import { runCli } from './main';

const ENVIRONMENTS = `environments:
  - name: dev
    production: false
    networkCidr: 10.40.0.0/16
    cloud: {provider: aws, account: '111122223333', region: eu-west-1}
  - name: prod
    production: true
    cloud: {provider: aws, account: '444455556666', region: eu-central-1}
`;

function repo(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-workload-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    cwd,
    stdout: t => out.push(t),
    stderr: t => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('groundwork-workload render', () => {
  it('writes every environment, then finds nothing to change', async () => {
    const dir = repo({
      'workload.yaml': FULL_WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    const first = await run(dir, 'render');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /deploy\/overlays\/dev\/workload\/secrets.yaml\s+written/,
    );
    expect(
      fs.readdirSync(path.join(dir, 'deploy/overlays/prod/workload')).sort(),
    ).toEqual([
      'dashboard.yaml',
      'deployment-env.yaml',
      'kustomization.yaml',
      'network-policy.yaml',
      'secrets.yaml',
      'service-monitor.yaml',
    ]);
    expect(await run(dir, 'render', '--check')).toEqual({
      code: 0,
      out: '12 rendered files match workload.yaml.',
      err: '',
    });
  });

  it('--check fails on a stale or extra file and writes nothing; render then removes what workload.yaml no longer asks for', async () => {
    const dir = repo({
      'workload.yaml': FULL_WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    await run(dir, 'render');
    fs.writeFileSync(
      path.join(dir, 'workload.yaml'),
      FULL_WORKLOAD.replace('  metrics:\n    type: metrics\n', ''),
    );
    const check = await run(dir, 'render', '--check');
    expect(check.code).toBe(1);
    expect(check.err).toContain(
      'removed  deploy/overlays/dev/workload/service-monitor.yaml',
    );
    expect(check.err).toContain(
      'changed  deploy/overlays/dev/workload/kustomization.yaml',
    );
    expect(
      fs.existsSync(
        path.join(dir, 'deploy/overlays/dev/workload/service-monitor.yaml'),
      ),
    ).toBe(true);

    expect((await run(dir, 'render')).code).toBe(0);
    expect(
      fs.existsSync(
        path.join(dir, 'deploy/overlays/dev/workload/service-monitor.yaml'),
      ),
    ).toBe(false);
    expect((await run(dir, 'render', '--check')).code).toBe(0);
  });

  it('reports every problem of a bad workload.yaml with exit 2 and writes nothing', async () => {
    const dir = repo({
      'workload.yaml': FULL_WORKLOAD.replace(
        'type: s3',
        'type: bucket',
      ).replace('${resources.db.host}', '${resources.db.hostname}'),
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    const r = await run(dir, 'render');
    expect(r.code).toBe(2);
    expect(r.err).toContain('workload.yaml cannot be rendered:');
    expect(r.err).toContain(
      'resources.files.type "bucket" is not one Groundwork provisions',
    );
    expect(r.err).toContain('a postgres resource has no output "hostname"');
    expect(fs.existsSync(path.join(dir, 'deploy/overlays'))).toBe(false);
  });

  it('says where to run it when a file is missing, and refuses unknown arguments', async () => {
    const dir = repo({});
    const missing = await run(dir, 'render');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'deploy/environments.yaml does not exist (run from the service repository',
    );
    expect((await run(dir, 'render', '--force')).err).toContain(
      'unexpected argument "--force"',
    );
    expect((await run(dir, 'deploy')).err).toContain(
      'unknown command "deploy"',
    );
    expect((await run(dir)).out).toContain('Usage:');
  });

  it('refuses an environment whose name would lead out of the overlays folder', async () => {
    const dir = repo({
      'workload.yaml': FULL_WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS.replace(
        'name: dev',
        'name: ../../etc',
      ),
    });
    const r = await run(dir, 'render');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'environments[0].name "../../etc" must be a DNS label',
    );
  });
});
