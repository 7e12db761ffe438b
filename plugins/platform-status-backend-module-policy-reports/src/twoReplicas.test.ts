import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEnvironmentsConfig as environmentsConfig } from '@groundwork/backend-test-utils';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import { KubernetesApiStandIn } from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import { setTimeout as sleep } from 'node:timers/promises';
import platformStatusModulePolicyReports from '.';
import {
  READER_TOKEN,
  policyReport,
  readerIdentity,
  result,
  serviceEntity,
} from './__testUtils__/backend';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('the policy report collector with two replicas on one PostgreSQL database', () => {
  const api = new KubernetesApiStandIn({
    tokens: { [READER_TOKEN]: readerIdentity },
  });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('reads the cluster once per cycle, and both replicas serve what it read', async () => {
    const knex = await databases.init('POSTGRES_15');
    api.put(
      'policyreports',
      policyReport(
        'payments-api',
        { kind: 'Deployment', name: 'payments-api' },
        [result()],
      ),
    );
    const replica = () =>
      startTestBackend({
        features: [
          platformStatusPlugin,
          platformStatusModulePolicyReports,
          mockServices.rootConfig.factory({
            data: {
              ...environmentsConfig,
              platformStatus: {
                policyReports: {
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { seconds: 30 },
                  },
                  clusters: [
                    {
                      name: 'dev-eks',
                      environment: 'dev',
                      url: api.url,
                      serviceAccountToken: READER_TOKEN,
                    },
                  ],
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
            entities: [serviceEntity('payments-api')],
          }),
        ],
      });
    // One after the other: see the Argo CD module's twoReplicas.test.ts
    // (the scheduler's own migrations are not guarded against a race).
    const a = await replica();
    const b = await replica();
    // One cycle lists both kinds: count the PolicyReport listings.
    const cycles = () =>
      api.calls.filter(c => c.path.endsWith('/policyreports')).length;
    while (cycles() < 1) await sleep(50);
    const started = Date.now();
    const first = cycles();
    while (cycles() - first < 4 && Date.now() - started < 60_000)
      await sleep(50);
    const seconds = (Date.now() - started) / 1000;
    const counted = cycles() - first;
    expect(counted).toBeGreaterThanOrEqual(4);
    // The scheduler never starts a cycle sooner than a second after the last.
    expect(counted).toBeLessThanOrEqual(seconds + 1.5);

    for (const { server } of [a, b]) {
      // The catalog sync ran at start-up on one replica; the findings
      // appear once a cycle after it has placed them.
      let body: any;
      for (let i = 0; i < 200; i++) {
        const res = await request(server)
          .get('/api/platform-status/entities/component/default/payments-api')
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        body = res.body;
        if (body.environments[0].compliance.admission.state === 'ok') break;
        await sleep(100);
      }
      expect(body.environments[0].compliance.admission).toMatchObject({
        state: 'ok',
        cluster: 'dev-eks',
        failed: { medium: 1 },
      });
    }
    await Promise.all([a.stop(), b.stop()]);
  });
});
