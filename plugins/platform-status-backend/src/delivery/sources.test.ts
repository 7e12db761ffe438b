import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startBackendWithManualTasks } from '@groundwork/backend-test-utils';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import {
  CostActualsSource,
  DeliveryCollector,
  DeliveryRecorder,
  PlatformStatusSourcesExtensionPoint,
  platformStatusSourcesExtensionPoint,
} from '@groundwork/plugin-platform-status-node';
import request from 'supertest';
import { component, environmentsConfig } from '../__testUtils__/fixtures';
import { platformStatusPlugin } from '../plugin';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments-api';

/** A delivery source for the `nonprod` origin whose next outcome the test sets. */
function fakeCollector() {
  const state = {
    fail: undefined as string | undefined,
    refreshed: [] as string[],
  };
  const collector: DeliveryCollector = {
    id: 'fake',
    schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
    origins: { names: ['nonprod'] },
    async collect(recorder: DeliveryRecorder) {
      const at = new Date().toISOString();
      if (state.fail) {
        await recorder.recordCollection('nonprod', {
          ok: false,
          at,
          error: state.fail,
        });
        return;
      }
      const entities = await recorder.mirroredEntities();
      const touched = await recorder.recordDelivery(
        'nonprod',
        entities.map(e => ({
          entityRef: e.entityRef,
          environment: 'dev',
          data: { instance: 'nonprod', appName: 'app-1', syncStatus: 'Synced' },
        })),
        at,
      );
      await recorder.recordCollection('nonprod', { ok: true, at });
      await recorder.refreshOverview(touched);
    },
    async collectEntity(entity) {
      state.refreshed.push(entity.entityRef);
    },
  };
  return { collector, state };
}

const sourcesModule = (
  moduleId: string,
  add: (sources: PlatformStatusSourcesExtensionPoint) => void,
) =>
  createBackendModule({
    pluginId: 'platform-status',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: platformStatusSourcesExtensionPoint },
        async init({ sources }) {
          add(sources);
        },
      });
    },
  });

describe('sources added through platformStatusSourcesExtensionPoint', () => {
  it('runs a delivery collector on its own task and shows what it records, failures included', async () => {
    const { collector, state } = fakeCollector();
    const backend = await startBackendWithManualTasks([
      platformStatusPlugin,
      sourcesModule('fake', s => s.addDeliveryCollector(collector)),
      mockServices.rootConfig.factory({ data: environmentsConfig }),
      catalogServiceMock.factory({ entities: [component('payments-api')] }),
    ]);
    const status = async () => {
      const res = await request(backend.server)
        .get('/api/platform-status/entities/component/default/payments-api')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as EntityStatusResponse;
    };
    await backend.runTask('platform-status-catalog-sync');
    await backend.runTask('platform-status-fake');

    const [dev, , prod] = (await status()).environments;
    expect(dev.delivery).toMatchObject({
      state: 'ok',
      instance: 'nonprod',
      appName: 'app-1',
      syncStatus: 'Synced',
    });
    // prod is delivered from an origin no collector covers.
    expect(prod.delivery).toMatchObject({
      state: 'not-configured',
      instance: 'prod',
    });
    const overview = await request(backend.server)
      .get('/api/platform-status/overview?environment=dev')
      .set('authorization', mockCredentials.user.header());
    expect(overview.body.items).toEqual([
      expect.objectContaining({ entityRef: PAYMENTS, syncStatus: 'Synced' }),
    ]);

    state.fail = 'nonprod answered 503';
    await backend.runTask('platform-status-fake');
    const [failed] = (await status()).environments;
    expect(failed.delivery).toMatchObject({
      state: 'error',
      appName: 'app-1',
      error: 'nonprod answered 503',
    });

    const refresh = await request(backend.server)
      .post(
        '/api/platform-status/entities/component/default/payments-api/refresh',
      )
      .set('authorization', mockCredentials.user.header());
    expect(refresh.status).toBe(200);
    expect(state.refreshed).toEqual([PAYMENTS]);
    await backend.stop();
  });

  it('refuses a second billing source at startup, naming both', async () => {
    const source = (name: string): CostActualsSource => ({
      name,
      covers: () => true,
      fetchMonthToDate: async () => {
        throw new Error('not asked');
      },
    });
    await expect(
      startTestBackend({
        features: [
          platformStatusPlugin,
          sourcesModule('one', s => s.setCostActualsSource(source('one'))),
          sourcesModule('two', s => s.setCostActualsSource(source('two'))),
          mockServices.rootConfig.factory({ data: environmentsConfig }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow(
      'Two platform-status modules set a billing source ("one" and "two"); install one.',
    );
  });
});
