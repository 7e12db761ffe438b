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
  DriftSource,
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

  describe('drift sources', () => {
    const driftSource = (
      reason?: string,
      checked: string[] = [],
    ): DriftSource => ({
      id: 'cli-refresh-only',
      disabledReason: reason,
      covers: l => l.startsWith('s3://'),
      check: async target => {
        checked.push(target.environment);
        return { result: 'in-sync', resources: [] };
      },
    });
    const withState = component('payments-api', {
      annotations: {
        'groundwork.dev/terraform-state':
          'dev=s3://acme-tfstate/payments-api/dev.tfstate',
      },
    });

    it('schedules no drift task when every drift source is switched off', async () => {
      const backend = await startBackendWithManualTasks([
        platformStatusPlugin,
        sourcesModule('off', s => s.addDriftSource(driftSource('Off.'))),
        mockServices.rootConfig.factory({ data: environmentsConfig }),
        catalogServiceMock.factory({ entities: [withState] }),
      ]);
      try {
        await backend.runTask('platform-status-catalog-sync');
        await expect(backend.runTask('platform-status-drift')).rejects.toThrow(
          'Task platform-status-drift not found',
        );
        const res = await request(backend.server)
          .get('/api/platform-status/entities/component/default/payments-api')
          .set('authorization', mockCredentials.user.header());
        expect(res.body.environments[0].drift).toEqual({
          state: 'not-configured',
          stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
          resources: [],
          reason: 'Off.',
        });
      } finally {
        await backend.stop();
      }
    });

    it.each([
      ['the switched-off one first', true],
      ['the working one first', false],
    ])(
      'lets a working source replace a switched-off one of its kind (%s)',
      async (_, offFirst) => {
        const checked: string[] = [];
        const off = sourcesModule('off', s =>
          s.addDriftSource(driftSource('Off.')),
        );
        const on = sourcesModule('on', s =>
          s.addDriftSource(driftSource(undefined, checked)),
        );
        const backend = await startBackendWithManualTasks([
          platformStatusPlugin,
          ...(offFirst ? [off, on] : [on, off]),
          mockServices.rootConfig.factory({
            data: {
              ...environmentsConfig,
              platformStatus: { drift: { jitterSeconds: 0 } },
            },
          }),
          catalogServiceMock.factory({ entities: [withState] }),
        ]);
        try {
          await backend.runTask('platform-status-catalog-sync');
          await backend.runTask('platform-status-drift');
          expect(checked).toEqual(['dev']);
        } finally {
          await backend.stop();
        }
      },
    );

    it('refuses two working drift sources of one kind at startup', async () => {
      await expect(
        startTestBackend({
          features: [
            platformStatusPlugin,
            sourcesModule('one', s => s.addDriftSource(driftSource())),
            sourcesModule('two', s => s.addDriftSource(driftSource())),
            mockServices.rootConfig.factory({ data: environmentsConfig }),
            catalogServiceMock.factory({ entities: [] }),
          ],
        }),
      ).rejects.toThrow(
        'Two platform-status modules add the drift source "cli-refresh-only"; install one.',
      );
    });
  });
});
