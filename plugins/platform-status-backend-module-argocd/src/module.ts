import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { readArgoCdInstances } from '@groundwork/plugin-argocd-node';
import { platformStatusSourcesExtensionPoint } from '@groundwork/plugin-platform-status-node';
import { ArgoCdCollector } from './ArgoCdCollector';

/**
 * Argo CD as platform status's delivery source: sync and health of every
 * application, one list call per instance in `argocd.instances` per cycle.
 */
export const platformStatusModuleArgoCd = createBackendModule({
  pluginId: 'platform-status',
  moduleId: 'argocd',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: platformStatusSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const argocd = readArgoCdInstances(config);
        if (argocd.instances.length === 0) {
          logger.info(
            'No argocd.instances configured: delivery shows as not configured.',
          );
          return;
        }
        const schedule = config.getOptionalConfig(
          'platformStatus.argocd.schedule',
        );
        sources.addDeliveryCollector(
          new ArgoCdCollector({
            instances: argocd.instances,
            defaultInstance: argocd.defaultInstance?.name,
            schedule: schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
              : {
                  frequency: { minutes: 2 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 15 },
                },
            logger,
          }),
        );
      },
    });
  },
});
