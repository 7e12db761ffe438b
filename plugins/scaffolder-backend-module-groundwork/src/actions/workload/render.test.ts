import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRenderWorkloadAction } from './render';
import { examples } from './render.examples';

const WORKLOAD = `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
    variables:
      STRIPE_API_KEY: \${resources.stripe-key.value}
resources:
  stripe-key:
    type: secret
  stripe-api:
    type: egress
    params: {host: api.stripe.com, port: 443}
  metrics:
    type: metrics
`;

const ENVIRONMENTS = `environments:
  - name: dev
    cloud: {provider: aws, account: '111122223333', region: eu-west-1}
  - name: prod
    production: true
    cloud: {provider: aws, account: '444455556666', region: eu-central-1}
`;

function workspace(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-workload-action-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function run(
  dir: string,
  input: Record<string, string>,
  isDryRun = false,
) {
  const action = createRenderWorkloadAction();
  const ctx = createMockActionContext({
    // As the scaffolder passes them: no defaults filled in.
    input,
    workspacePath: dir,
    isDryRun,
    logger: mockServices.logger.mock(),
  });
  await action.handler(ctx as any);
  return {
    ctx,
    outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
  };
}

describe('groundwork:workload:render', () => {
  it('renders every environment into the overlays and reports what it wrote', async () => {
    const dir = workspace({
      'workload.yaml': WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    const { ctx, outputs } = await run(dir, { service: 'payments' });
    expect(outputs.resources).toEqual([
      'stripe-key:secret',
      'stripe-api:egress',
      'metrics:metrics',
    ]);
    expect(outputs.files).toContain(
      'deploy/overlays/prod/workload/secrets.yaml',
    );
    for (const f of outputs.files)
      expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const secrets = yaml
      .parseAllDocuments(
        fs.readFileSync(
          path.join(dir, 'deploy/overlays/prod/workload/secrets.yaml'),
          'utf8',
        ),
      )
      .map(d => d.toJS());
    expect(
      secrets.find(o => o.kind === 'ExternalSecret').spec.data[0].remoteRef.key,
    ).toBe('prod/payments/stripe-key');
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'Rendered workload.yaml (stripe-key:secret, stripe-api:egress, metrics:metrics)',
      ),
    );
  });

  it('renders in a dry run too: it runs nothing the caller supplied', async () => {
    const dir = workspace({
      'workload.yaml': WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    const { outputs } = await run(dir, { service: 'payments' }, true);
    expect(outputs.files.length).toBeGreaterThan(0);
  });

  it('fails with every problem of a workload.yaml it cannot fulfil, and writes nothing', async () => {
    const dir = workspace({
      'workload.yaml': WORKLOAD.replace(
        'type: secret',
        'type: vault-secret',
      ).replace('name: payments', 'name: ledger'),
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    const error = await run(dir, { service: 'payments' }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('metadata.name is "ledger"');
    expect(error.message).toContain('resources.stripe-key.type "vault-secret"');
    expect(fs.existsSync(path.join(dir, 'deploy/overlays'))).toBe(false);
  });

  it('says which step should have written a missing file', async () => {
    const dir = workspace({ 'workload.yaml': WORKLOAD });
    await expect(run(dir, { service: 'payments' })).rejects.toThrow(
      'deploy/environments.yaml is not in the workspace: render it with fetch:template before this step',
    );
  });

  it('reads and writes inside the workspace only', async () => {
    const dir = workspace({
      'workload.yaml': WORKLOAD,
      'deploy/environments.yaml': ENVIRONMENTS,
    });
    await expect(
      run(dir, { service: 'payments', workloadPath: '../../etc/passwd' }),
    ).rejects.toThrow(/outside/i);
    await expect(
      run(dir, { service: 'payments', overlaysPath: '../elsewhere' }),
    ).rejects.toThrow(/outside/i);
  });

  it.each(examples.map(e => [e.description, e]))(
    'example: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const input = {
        ...step.input,
        service: String(step.input.service).replace(
          '${{ parameters.name }}',
          'payments',
        ),
      };
      const files: Record<string, string> = {
        [input.workloadPath ?? 'workload.yaml']: WORKLOAD,
        [input.environmentsPath ?? 'deploy/environments.yaml']: ENVIRONMENTS,
      };
      const dir = workspace(files);
      const { outputs } = await run(dir, input);
      expect(outputs.files[0]).toMatch(
        new RegExp(`^${input.overlaysPath ?? 'deploy/overlays'}/dev/workload/`),
      );
    },
  );
});
