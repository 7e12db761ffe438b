import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
  startBackendWithManualTasks,
} from '@groundwork/backend-test-utils';
import { formatExpiresAt } from '@groundwork/plugin-groundwork-common';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import knexFactory from 'knex';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { environmentsConfig } from '../__testUtils__/fixtures';
import { platformStatusPlugin } from '../plugin';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * Platform status on the database under test; every other plugin on its
 * own in-memory SQLite, left open: the catalog's and the scaffolder's loops
 * may still read it after the backend stopped, and a closed one would fail
 * the next test file of this jest worker.
 */
function platformStatusDatabase(
  id: (typeof databases)['supportedIds'][number],
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      if (plugin.getId() === 'platform-status') {
        return mockServices.database({ knex: await databases.init(id) });
      }
      return mockServices.database({
        knex: knexFactory({
          client: 'better-sqlite3',
          connection: ':memory:',
          useNullAsDefault: true,
          // One connection: each in-memory connection is its own database.
          pool: { min: 1, max: 1 },
        }),
      });
    },
  });
}

const ALICE = 'user:default/alice';
const ADA = 'user:default/ada';

const PEOPLE = {
  [ALICE]: ['group:default/payments'],
  [ADA]: ['group:default/platform'],
};

/**
 * Stands for the real teardown template's steps (templates/service-teardown):
 * records what it was asked and by whom, and fails for an entity whose
 * name says so, as a destroy that hit a locked state would.
 */
const ran: Array<{ entityRef: string; initiator: string }> = [];
const teardownModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'test-teardown',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createTemplateAction({
            id: 'test:teardown',
            description: 'Stands for the teardown steps',
            schema: {
              input: {
                entityRef: z => z.string().describe('The entity'),
              },
            },
            async handler(ctx) {
              const credentials = await ctx.getInitiatorCredentials();
              const principal = credentials.principal as {
                subject?: string;
                userEntityRef?: string;
              };
              ran.push({
                entityRef: ctx.input.entityRef,
                initiator:
                  principal.subject ?? principal.userEntityRef ?? 'unknown',
              });
              if (ctx.input.entityRef.includes('locked')) {
                throw new Error(
                  'terraform destroy failed: Error acquiring the state lock',
                );
              }
            },
          }),
        );
      },
    });
  },
});

const template = (name: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [
      {
        required: ['entityRef'],
        properties: { entityRef: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'teardown',
        name: 'Tear down',
        action: 'test:teardown',
        input: { entityRef: '${{ parameters.entityRef }}' },
      },
    ],
  },
});

const preview = (
  name: string,
  expiresAt: string,
  environments = 'dev',
): Record<string, unknown> => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'groundwork.dev/environments': environments,
      'groundwork.dev/expires-at': expiresAt,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/payments',
  },
});

// Relative to the real clock, hours away: no timing in the assertions.
const PAST = '2026-01-01T00:00:00Z';
const SOON = formatExpiresAt(new Date(Date.now() + 2 * 3_600_000));
const LATER = formatExpiresAt(new Date(Date.now() + 30 * 86_400_000));

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice' },
    spec: { memberOf: ['payments'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada' },
    spec: { memberOf: ['platform'] },
  },
  template('service-teardown'),
  template('other-template'),
  preview('checkout-preview', PAST),
  preview('locked-preview', PAST),
  preview('soon-preview', SOON),
  preview('later-preview', LATER),
  preview('prod-preview', PAST, 'dev,prod'),
];

/**
 * The expiry job in a real backend: the real catalog reading a file, the
 * real scaffolder running the teardown template's task, the real
 * notifications backend, and Groundwork's policy in the real permission
 * framework; platform status on PostgreSQL and on SQLite.
 */
describe.each(databases.eachSupportedId())(
  'the expiry job with the real scaffolder, catalog and notifications, on %p',
  databaseId => {
    const catalog = createTestCatalog(ENTITIES as any);
    let backend: Awaited<ReturnType<typeof startBackendWithManualTasks>>;

    beforeAll(async () => {
      ran.length = 0;
      backend = await startBackendWithManualTasks([
        platformStatusDatabase(databaseId),
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        teardownModule,
        notificationsPlugin,
        platformStatusPlugin,
        ...groundworkPermissionFeatures(PEOPLE),
        mockServices.rootConfig.factory({
          data: {
            ...environmentsConfig,
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            catalog: catalog.config,
            // Stop waits for the task worker's loops to end.
            scaffolder: { EXPERIMENTAL_gracefulShutdown: true },
            groundwork: {
              ...environmentsConfig.groundwork,
              permissions: { adminGroups: ['group:default/platform'] },
            },
            platformStatus: { alerts: { enabled: false } },
          },
        }),
      ]);
      await catalog.ready(backend.server);
      await backend.runTask('platform-status-catalog-sync');
    });

    afterAll(async () => {
      await backend?.stop();
      catalog.remove();
    });

    const inbox = async (user: string) => {
      const res = await request(backend.server)
        .get('/api/notifications/notifications')
        .set('authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return (
        res.body.notifications as Array<{
          payload: { title: string; link?: string; topic?: string };
        }>
      ).map(n => n.payload);
    };

    const expiryOf = async (name: string) => {
      const res = await request(backend.server)
        .get(`/api/platform-status/entities/component/default/${name}`)
        .set('authorization', mockCredentials.user.header(ALICE));
      expect(res.status).toBe(200);
      return (res.body as EntityStatusResponse).expiry;
    };

    /** Waits for the scaffolder to finish a task (it runs them on its own). */
    const taskEnds = async (id: string) => {
      for (let i = 0; i < 600; i++) {
        const res = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set('authorization', mockCredentials.service.header());
        if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
          return res.body.status as string;
        }
        await sleep(100);
      }
      throw new Error(`task ${id} did not end`);
    };

    it('starts the teardown template as the plugin, follows the task, and tells the owners', async () => {
      await backend.runTask('platform-status-expiry');

      // Expired: one task each, of the teardown template, started by the plugin.
      const checkout = await expiryOf('checkout-preview');
      expect(checkout).toEqual({
        expiresAt: PAST,
        state: 'tearing-down',
        taskId: expect.any(String),
      });
      const locked = await expiryOf('locked-preview');
      expect(locked?.state).toBe('tearing-down');
      expect(await taskEnds(checkout!.taskId!)).toBe('completed');
      expect(await taskEnds(locked!.taskId!)).toBe('failed');
      expect(
        ran.sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
      ).toEqual([
        {
          entityRef: 'component:default/checkout-preview',
          initiator: 'plugin:platform-status',
        },
        {
          entityRef: 'component:default/locked-preview',
          initiator: 'plugin:platform-status',
        },
      ]);

      // Within the notice: told, not touched. Far off: nothing.
      expect(await expiryOf('soon-preview')).toEqual({
        expiresAt: SOON,
        state: 'notified',
      });
      expect(await expiryOf('later-preview')).toEqual({
        expiresAt: LATER,
        state: 'scheduled',
      });
      // In production: refused, with the reason.
      expect(await expiryOf('prod-preview')).toEqual({
        expiresAt: PAST,
        state: 'refused',
        reason:
          'It declares the production environment prod, and a preview never runs in production: remove the expiry or the environment from its catalog-info.yaml, whichever is wrong.',
      });

      await backend.runTask('platform-status-expiry');
      expect(await expiryOf('checkout-preview')).toEqual({
        expiresAt: PAST,
        state: 'destroyed',
        taskId: checkout!.taskId,
      });
      expect(await expiryOf('locked-preview')).toEqual({
        expiresAt: PAST,
        state: 'failed',
        reason:
          'Error: terraform destroy failed: Error acquiring the state lock',
        taskId: locked!.taskId,
      });

      // Later runs start nothing more.
      await backend.runTask('platform-status-expiry');
      expect(ran).toHaveLength(2);

      const titles = (await inbox(ALICE)).map(p => p.title).sort();
      expect(titles).toEqual([
        'The teardown of locked-preview failed',
        'checkout-preview was destroyed at its expiry',
        'prod-preview will not be destroyed at its expiry',
        `soon-preview will be destroyed at ${SOON}`,
      ]);
      const failed = (await inbox(ALICE)).find(p =>
        p.title.startsWith('The teardown of locked-preview'),
      );
      expect(failed).toMatchObject({
        link: `/create/tasks/${locked!.taskId}`,
        topic: 'platform-status-expiry',
      });
      // Not the owners: nothing.
      expect(await inbox(ADA)).toEqual([]);
    });

    /** Starts a task as the caller; returns the status and, once ended, who the steps ran for. */
    const start = async (authorization: string, templateRef: string) => {
      const before = ran.length;
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('authorization', authorization)
        .send({
          templateRef,
          values: { entityRef: 'component:default/later-preview' },
        });
      if (res.status === 201) await taskEnds(res.body.id);
      return { status: res.status, ran: ran.slice(before) };
    };

    const pluginHeader = (pluginId: string) =>
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
        targetPluginId: 'scaffolder',
      });

    it('gives a person no way to pass as the plugin: their teardown runs as them', async () => {
      // Everyone may start a template (the teardown's first step decides
      // whether the entity may go, with the person's rules, not the job's).
      expect(
        await start(
          mockCredentials.user.header(ALICE),
          'template:default/service-teardown',
        ),
      ).toEqual({
        status: 201,
        ran: [
          { entityRef: 'component:default/later-preview', initiator: ALICE },
        ],
      });
      // A token that is not one the portal issued gets nowhere.
      expect(
        await start(
          mockCredentials.service.invalidHeader(),
          'template:default/service-teardown',
        ),
      ).toEqual({ status: 401, ran: [] });
      // The job's own routes: platform status has none that starts a task,
      // and takes no template from a caller.
      const res = await request(backend.server)
        .post('/api/platform-status/expiry/run')
        .set('authorization', mockCredentials.user.header(ADA))
        .send({ templateRef: 'template:default/other-template' });
      expect(res.status).toBe(404);
    });

    it('records what Backstage decides for plugin credentials: no policy is asked', async () => {
      // Backstage's permissions service allows every plugin's own (service)
      // credentials without asking the policy, so neither another template
      // by this plugin nor any template by another plugin is refused by the
      // scaffolder: the job only ever asks for platformStatus.expiry's
      // teardownTemplate, and the teardown's check step refuses an entity
      // that has not expired. If Backstage starts asking the policy for
      // service principals, these expectations must turn into 403s.
      expect(
        await start(
          pluginHeader('platform-status'),
          'template:default/other-template',
        ),
      ).toMatchObject({ status: 201 });
      expect(
        await start(
          pluginHeader('catalog'),
          'template:default/service-teardown',
        ),
      ).toMatchObject({ status: 201 });
    });

    it("shows the owner's new expiry at once, not at the next catalog sync", async () => {
      // The owner moves soon-preview's expiry a month on in its file, and
      // the catalog reads it; platform status's mirror of the entity still
      // holds the old value (no catalog sync has run since).
      const file = catalog.config.locations[0].target;
      const extended = formatExpiresAt(new Date(Date.now() + 31 * 86_400_000));
      fs.writeFileSync(
        file,
        fs.readFileSync(file, 'utf8').replace(SOON, extended),
      );
      const refreshed = await request(backend.server)
        .post('/api/catalog/refresh')
        .set('authorization', mockCredentials.user.header(ALICE))
        .send({ entityRef: 'component:default/soon-preview' });
      expect(refreshed.status).toBe(200);
      for (let i = 0; ; i++) {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/soon-preview')
          .set('authorization', mockCredentials.service.header());
        if (
          res.body.metadata.annotations['groundwork.dev/expires-at'] ===
          extended
        )
          break;
        if (i > 300) throw new Error('the catalog did not read the new expiry');
        await sleep(100);
      }

      await backend.runTask('platform-status-expiry');
      // The job dropped the notice's record for the old value; the page
      // shows the new value, not the old one as if nothing had changed.
      expect(await expiryOf('soon-preview')).toEqual({
        expiresAt: extended,
        state: 'scheduled',
      });
    });
  },
);
