import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  DeliveryCollector,
  platformStatusSourcesExtensionPoint,
} from '@groundwork/plugin-platform-status-node';

/**
 * Argo CD as an alert test sets it: one app in prod for every mirrored
 * entity, with the health in `state.prodHealth`; `feature` installs it in
 * the platform-status plugin, whose task id is `platform-status-fake`.
 */
export function prodHealthArgoCd() {
  const state = { prodHealth: 'Healthy' };
  const collector: DeliveryCollector = {
    id: 'fake',
    schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
    origins: { names: ['prod'] },
    async collect(recorder) {
      const at = new Date().toISOString();
      const entities = await recorder.mirroredEntities();
      const touched = await recorder.recordDelivery(
        'prod',
        entities.map(e => ({
          entityRef: e.entityRef,
          environment: 'prod',
          data: {
            instance: 'prod',
            appName: 'payments-api-prod',
            syncStatus: 'Synced',
            healthStatus: state.prodHealth,
          },
        })),
        at,
      );
      await recorder.recordCollection('prod', { ok: true, at });
      await recorder.refreshOverview(touched);
    },
    async collectEntity() {},
  };
  const feature = createBackendModule({
    pluginId: 'platform-status',
    moduleId: 'fake-argocd',
    register(env) {
      env.registerInit({
        deps: { sources: platformStatusSourcesExtensionPoint },
        async init({ sources }) {
          sources.addDeliveryCollector(collector);
        },
      });
    },
  });
  return { state, feature };
}
