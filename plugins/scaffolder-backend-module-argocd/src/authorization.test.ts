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
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import { scaffolderModuleArgocd } from './module';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

const ARGOCD_TOKEN = 'argocd-test-token';

const PEOPLE = {
  'user:default/alan.turing': ['group:default/payments'],
  'user:default/margaret.hamilton': ['group:default/growth'],
  'user:default/ada.lovelace': ['group:default/platform'],
};

/** Delivers any entity to any environment the form is given. */
const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'deliver', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [
      {
        properties: {
          component: { type: 'string' },
          environment: { type: 'string', enum: ['dev', 'prod'] },
        },
      },
    ],
    steps: [
      {
        id: 'deliver',
        name: 'Deliver through Argo CD',
        action: 'argocd:create-app',
        input: {
          name: '${{ parameters.component }}-${{ parameters.environment }}',
          entityRef: 'component:default/${{ parameters.component }}',
          environment: '${{ parameters.environment }}',
          source: {
            repoURL: 'https://github.com/acme/${{ parameters.component }}',
            targetRevision: 'main',
            path: 'deploy/overlays/${{ parameters.environment }}',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace:
              '${{ parameters.component }}-${{ parameters.environment }}',
          },
        },
      },
    ],
  },
};

const ENTITIES = [
  ...['payments', 'growth', 'platform'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
  },
  TEMPLATE,
];

/**
 * Ownership before delivery, decided by Groundwork's real policy in the
 * real permission framework, with the catalog reading a file location:
 * argocd:create-app asks before it sends Argo CD anything.
 */
describe('who may run argocd:create-app, under the real policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let argocd: ArgoCdStandIn;
  const catalog = createTestCatalog(ENTITIES);

  beforeAll(async () => {
    argocd = await new ArgoCdStandIn().start();
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleArgocd,
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
                { name: 'dev', argocdInstance: 'main' },
                { name: 'prod', production: true, argocdInstance: 'main' },
              ],
            },
            argocd: {
              instances: [
                { name: 'main', url: argocd.url, token: ARGOCD_TOKEN },
              ],
            },
          },
        }),
      ],
    });
    await catalog.ready(backend.server);
  });

  afterAll(async () => {
    await backend?.stop();
    await argocd?.stop();
    catalog.remove();
  });

  afterEach(() => argocd.assertNoViolations());

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  /** Runs the template as `user`: its status, its log and the Argo CD requests it sent. */
  async function deliver(
    user: string,
    values: { component: string; environment: string },
  ) {
    const before = argocd.calls.length;
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set(as(user))
      .send({ templateRef: 'template:default/deliver', values });
    expect(created.status).toBe(201);
    let task;
    for (let i = 0; i < 600; i++) {
      task = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set(as(user))
      ).body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      await sleep(100);
    }
    const events = (
      await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set(as(user))
    ).body as Array<{ body: { message?: string } }>;
    return {
      status: task.status as string,
      log: events.map(e => e.body.message ?? '').join('\n'),
      requests: argocd.calls.slice(before),
    };
  }

  it('refuses a member of another team, before any Argo CD request', async () => {
    const run = await deliver('user:default/margaret.hamilton', {
      component: 'payments',
      environment: 'dev',
    });
    expect(run.status).toBe('failed');
    expect(run.log).toContain(
      'NotAllowedError: user:default/margaret.hamilton may not run argocd:create-app in dev for component:default/payments: only its owners and the platform administrators may (permission groundwork.entity.change)',
    );
    expect(run.requests).toEqual([]);
    expect(argocd.application('payments-dev')).toBeUndefined();
  });

  it('lets the owning team deliver it', async () => {
    const run = await deliver('user:default/alan.turing', {
      component: 'payments',
      environment: 'dev',
    });
    expect(run.status).toBe('completed');
    expect(argocd.application('payments-dev')).toBeDefined();
  });

  it('lets anyone deliver an entity the catalog does not hold yet', async () => {
    const run = await deliver('user:default/margaret.hamilton', {
      component: 'brand-new',
      environment: 'dev',
    });
    expect(run.status).toBe('completed');
    expect(argocd.application('brand-new-dev')).toBeDefined();
  });

  it('keeps production to the production groups and the administrators', async () => {
    const owner = await deliver('user:default/alan.turing', {
      component: 'payments',
      environment: 'prod',
    });
    expect(owner.status).toBe('failed');
    expect(owner.log).toContain(
      'user:default/alan.turing may not run argocd:create-app in prod: prod is a production environment',
    );
    expect(owner.requests).toEqual([]);

    const admin = await deliver('user:default/ada.lovelace', {
      component: 'payments',
      environment: 'prod',
    });
    expect(admin.status).toBe('completed');
    expect(argocd.application('payments-prod')).toBeDefined();
  });
});
