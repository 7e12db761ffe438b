import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { platformStatusServiceRef } from '@groundwork/plugin-platform-status-node';
import {
  createTerraformStandIn,
  TerraformStandIn,
} from '@groundwork/stand-in-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import yaml from 'yaml';
import {
  AWS_SECRET,
  CRITICAL_PLAN,
  DERIVED_SECRET,
  MAIN_TF,
  recordingPlatformStatus,
  S3_BACKEND,
  SECRET,
  sensitivePlanFile,
} from './__testUtils__/setup';
import module from './index';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const steps = (extra: Record<string, unknown> = {}) => [
  {
    id: 'fetch',
    name: 'Fetch',
    action: 'fetch:plain',
    input: { url: './skeleton' },
  },
  {
    id: 'infra',
    name: 'Provision',
    action: 'terraform:apply',
    input: {
      workingDirectory: 'infra',
      entityRef: 'component:default/payments-api',
      environment: '${{ parameters.environment }}',
      vars: { service_name: '${{ parameters.name }}' },
      secretVars: { db_password: '${{ secrets.dbPassword }}' },
      ...extra,
    },
  },
];

function template(name: string, dir: string, extra?: Record<string, unknown>) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${path.join(
          dir,
          'template.yaml',
        )}`,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/platform',
      parameters: [
        {
          properties: {
            name: { type: 'string' },
            environment: { type: 'string', enum: ['dev', 'staging', 'prod'] },
          },
        },
      ],
      steps: steps(extra),
      output: {
        text: [
          { title: 'Result', content: '${{ steps.infra.output.result }}' },
        ],
        result: '${{ steps.infra.output.result }}',
        summary: '${{ steps.infra.output.summary }}',
        cost: '${{ steps.infra.output.cost }}',
        findings: '${{ steps.infra.output.findings }}',
        outputs: '${{ steps.infra.output.outputs }}',
      },
    },
  };
}

describe.each(databases.eachSupportedId())(
  'terraform:apply through the scaffolder on %s',
  databaseId => {
    let tf: TerraformStandIn;
    let dir: string;
    let sensitivePlan: string;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    const status = recordingPlatformStatus();
    const auth = { Authorization: mockCredentials.user.header() };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-template-'));
      fs.mkdirSync(path.join(dir, 'skeleton', 'infra'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'skeleton', 'infra', 'main.tf'), MAIN_TF);
      tf = createTerraformStandIn({
        plan: { file: (sensitivePlan = sensitivePlanFile(dir)) },
        leakVariables: true,
        outputs: {
          vpc_id: { value: 'vpc-0a1b2c3d' },
          master_password: { value: DERIVED_SECRET, sensitive: true },
        },
      });
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          module,
          catalogServiceMock.factory({
            entities: [
              template('terraform-apply', dir),
              template('terraform-plan-only', dir, { planOnly: true }),
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'payments-api',
                  namespace: 'default',
                  annotations: { 'groundwork.dev/budgets': 'dev=50' },
                },
                spec: {
                  type: 'service',
                  owner: 'group:default/platform',
                  lifecycle: 'production',
                },
              },
            ],
          }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://portal.example.com' },
              groundwork: {
                environments: [
                  { name: 'dev', monthlyBudget: 500 },
                  { name: 'prod', production: true, monthlyBudget: 1000 },
                ],
              },
              terraform: {
                binary: tf.binary,
                pluginCacheDir: tf.pluginCacheDir,
                environment: { passThrough: ['AWS_*'] },
                timeouts: { cancelGraceSeconds: 5 },
                environments: {
                  dev: { backend: S3_BACKEND },
                  prod: { backend: S3_BACKEND },
                },
              },
            },
          }),
          createServiceFactory({
            service: platformStatusServiceRef,
            deps: {},
            factory: () => status.service,
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      tf?.remove();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(() => {
      status.reports.length = 0;
      status.onBehalfOf.length = 0;
    });

    async function startTask(name: string, values: Record<string, unknown>) {
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set(auth)
        .send({
          templateRef: `template:default/${name}`,
          values,
          secrets: { dbPassword: SECRET },
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    }

    async function waitForTask(id: string) {
      for (let i = 0; i < 600; i++) {
        const res = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(auth);
        if (['completed', 'failed', 'cancelled'].includes(res.body.status))
          return res.body;
        await sleep(100);
      }
      throw new Error(`task ${id} did not finish`);
    }

    async function events(id: string) {
      const res = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set(auth);
      return res.body as Array<{ type: string; body: any }>;
    }

    it('runs a template step to completion, with no secret anywhere', async () => {
      process.env.AWS_SECRET_ACCESS_KEY = AWS_SECRET;
      try {
        const id = await startTask('terraform-apply', {
          name: 'payments-api',
          environment: 'dev',
        });
        const task = await waitForTask(id);
        const log = await events(id);
        expect(task.status).toBe('completed');
        const completion = log.find(e => e.type === 'completion')!;
        expect(completion.body.output).toMatchObject({
          result: 'applied',
          summary: { add: 31, change: 0, destroy: 0, replace: 0 },
          outputs: { vpc_id: 'vpc-0a1b2c3d' },
          // The entity's groundwork.dev/budgets annotation overrides the environment's 500.
          cost: { currency: 'USD', budget: 50, overBudget: true },
          findings: { threshold: 'critical' },
        });
        const messages = log.map(e => e.body.message ?? '').join('\n');
        expect(messages).toContain('Apply complete! Resources: 31 added');
        expect(messages).toContain('over the dev budget of 50 USD/month');

        expect(status.reports).toHaveLength(1);
        // Sent for the person who started the task, not as the scaffolder alone.
        expect(status.onBehalfOf[0]?.principal).toMatchObject({
          type: 'user',
          userEntityRef: 'user:default/mock',
        });
        expect(status.reports[0]).toMatchObject({
          entityRef: 'component:default/payments-api',
          environment: 'dev',
          result: 'applied',
          runId: `${id}/infra/dev`,
          taskUrl: `http://portal.example.com/create/tasks/${id}`,
        });

        const apply = tf
          .calls()
          .filter(c => c.argv[0] === 'apply')
          .pop()!;
        expect(apply.envNames).toContain('AWS_SECRET_ACCESS_KEY');
        expect(apply.envNames).toContain('TF_VAR_db_password');

        const everything = JSON.stringify([log, task, status.reports]);
        for (const secret of [
          SECRET,
          JSON.stringify(SECRET).slice(1, -1),
          DERIVED_SECRET,
          AWS_SECRET,
        ]) {
          expect(everything.includes(secret)).toBe(false);
        }
      } finally {
        delete process.env.AWS_SECRET_ACCESS_KEY;
      }
    });

    it('fails the task when the gate blocks, applying nothing, and reports it', async () => {
      tf.configure({ plan: { file: CRITICAL_PLAN } });
      const applies = tf.calls().filter(c => c.argv[0] === 'apply').length;
      try {
        const id = await startTask('terraform-apply', {
          name: 'payments-api',
          environment: 'dev',
        });
        const task = await waitForTask(id);
        expect(task.status).toBe('failed');
        const messages = (await events(id))
          .map(e => e.body.message ?? '')
          .join('\n');
        expect(messages).toMatch(
          /governance gate blocked this run in dev; nothing was applied/,
        );
        expect(tf.calls().filter(c => c.argv[0] === 'apply')).toHaveLength(
          applies,
        );
        expect(status.reports).toEqual([
          expect.objectContaining({
            result: 'blocked',
            compliance: expect.objectContaining({ blocking: true }),
          }),
        ]);
      } finally {
        tf.configure({ plan: { file: sensitivePlan } });
      }
    });

    it('cancels a running apply through the scaffolder API', async () => {
      tf.configure({ slowMs: 25 });
      try {
        const id = await startTask('terraform-apply', {
          name: 'payments-api',
          environment: 'dev',
        });
        const before = tf.calls().length;
        for (let i = 0; i < 400; i++) {
          if (
            tf
              .calls()
              .slice(before)
              .some(c => c.argv[0] === 'apply')
          )
            break;
          if (i === 399) throw new Error('apply never started');
          await sleep(50);
        }
        await sleep(200);
        const cancel = await request(backend.server)
          .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
          .set(auth);
        expect(cancel.status).toBe(200);
        const task = await waitForTask(id);
        // Backstage 1.55 records cancellation as a 'cancelled' event; the task itself ends 'failed'.
        expect(task.status).toBe('failed');
        const all = await events(id);
        expect(all.some(e => e.type === 'cancelled')).toBe(true);
        expect(all.map(e => e.body.message ?? '').join('\n')).toMatch(
          /CancelledError: The run was cancelled/,
        );
        const apply = tf
          .calls()
          .filter(c => c.argv[0] === 'apply')
          .pop()!;
        expect(apply.interrupted).toBe(true);
        expect(tf.lockHeld()).toBe(false);
        const messages = (await events(id))
          .map(e => e.body.message ?? '')
          .join('\n');
        expect(messages).toMatch(/Sent SIGINT to Terraform \(apply\)/);
        expect(messages).toMatch(
          /some resources may have been created, changed or destroyed/,
        );
        expect(status.reports).toEqual([
          expect.objectContaining({ result: 'cancelled' }),
        ]);
      } finally {
        tf.configure({ slowMs: 0 });
      }
    });

    it('starts no Terraform process in a dry run, and shows what it would run', async () => {
      const calls = tf.calls().length;
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set(auth)
        .send({
          template: template('dry', dir),
          values: { name: 'payments-api', environment: 'prod' },
          secrets: { dbPassword: SECRET },
          directoryContents: [
            {
              path: 'skeleton/infra/main.tf',
              base64Content: Buffer.from(MAIN_TF).toString('base64'),
            },
          ],
        });
      expect(res.body.error ?? res.status).toBe(200);
      expect(res.body.output).toMatchObject({ result: 'dry-run' });
      expect(tf.calls()).toHaveLength(calls);
      const log = res.body.log.map((l: any) => l.body.message).join('\n');
      expect(log).toContain('Dry run: stopped before terraform init');
      expect(log).toContain('$ terraform init -input=false -no-color');
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      expect(status.reports).toEqual([]);
    });

    it('validates the registered template examples against the action schema', async () => {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set(auth);
      const action = res.body.find((a: any) => a.id === 'terraform:apply');
      expect(action.examples.length).toBeGreaterThanOrEqual(5);
      for (const example of action.examples) {
        const doc = yaml.parse(example.example);
        expect(doc.steps[0].action).toBe('terraform:apply');
      }
      expect(Object.keys(action.schema.input.properties).sort()).toEqual(
        [
          'allowLocalState',
          'backend',
          'destroy',
          'entityRef',
          'environment',
          'executor',
          'hcp',
          'planOnly',
          'policy',
          'secretVars',
          'timeoutMinutes',
          'vars',
          'workingDirectory',
        ].sort(),
      );
    });
  },
);
