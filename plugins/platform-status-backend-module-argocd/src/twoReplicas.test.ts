import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  testComponent as component,
  testEnvironmentsConfig as environmentsConfig,
} from '@groundwork/backend-test-utils';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import { argoCdLabelsFor } from '@groundwork/plugin-groundwork-common';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import platformStatusModuleArgoCd from '.';
import { argoApp } from './__testUtils__/backend';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the Argo CD collector with two replicas on one PostgreSQL database', () => {
  const argocd = new ArgoCdStandIn();
  beforeAll(() => argocd.start());
  afterAll(() => argocd.stop());

  it('runs once per cycle, and both replicas serve what it collected', async () => {
    const knex = await databases.init('POSTGRES_15');
    argocd.seedApplication(
      argoApp(
        'payments-api-dev',
        argoCdLabelsFor('component:default/payments-api', 'dev'),
      ),
      {
        status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
        rollout: [],
      },
    );
    const replica = () =>
      startTestBackend({
        features: [
          platformStatusPlugin,
          platformStatusModuleArgoCd,
          mockServices.rootConfig.factory({
            data: {
              ...environmentsConfig,
              argocd: {
                instances: [
                  {
                    name: 'nonprod',
                    url: argocd.url,
                    token: 'argocd-test-token',
                  },
                ],
              },
              platformStatus: {
                argocd: {
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { seconds: 30 },
                  },
                },
                catalogSync: {
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          }),
          // Both replicas' plugin and scheduler share one database.
          mockServices.database.factory({ knex }),
          schedulerServiceFactory,
          catalogServiceMock.factory({
            entities: [component('payments-api')],
          }),
        ],
      });
    // One after the other: Backstage's scheduler creates its own tables
    // with an unguarded knex.migrate.latest, so two backends migrating an
    // empty database at the same instant can collide on them ("relation
    // backstage_backend_tasks__knex_migrations already exists"). What is
    // tested here is two replicas running side by side.
    const a = await replica();
    const b = await replica();
    const lists = () => argocd.callsTo('ApplicationService_List').length;
    while (lists() < 1) await sleep(50);
    const started = Date.now();
    const first = lists();
    // Wait for four cycles however slow the machine is; if each replica ran
    // its own cycle, four would come in about two seconds.
    while (lists() - first < 4 && Date.now() - started < 60_000)
      await sleep(50);
    const seconds = (Date.now() - started) / 1000;
    const cycles = lists() - first;
    expect(cycles).toBeGreaterThanOrEqual(4);
    // The scheduler never starts a cycle sooner than a second after the last.
    expect(cycles).toBeLessThanOrEqual(seconds + 1.5);

    for (const { server } of [a, b]) {
      const res = await request(server)
        .get('/api/platform-status/entities/component/default/payments-api')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.environments[0].delivery).toMatchObject({
        state: 'ok',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      });
    }
    argocd.assertNoViolations();
    await Promise.all([a.stop(), b.stop()]);
  });
});
