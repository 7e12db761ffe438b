import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { platformStatusServiceRef } from '@groundwork/plugin-platform-status-node';
import path from 'node:path';
import { feedExamplePlans } from './feedExamplePlans';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The embedded default's demo data: example plan documents, evaluated and
 * reported through the same ingestion route as a real terraform:apply run.
 * Does nothing unless `platformStatus.examples.enabled` is true.
 */
export const platformStatusModuleExamplePlans = createBackendModule({
  pluginId: 'platform-status',
  moduleId: 'example-plans',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        platformStatus: platformStatusServiceRef,
      },
      async init({ config, logger, scheduler, platformStatus }) {
        const examples = config.getOptionalConfig('platformStatus.examples');
        if (!examples?.getOptionalBoolean('enabled')) return;
        const directory = path.resolve(
          examples.getOptionalString('directory') ?? '../../examples/plans',
        );
        const environments = readGroundworkEnvironments(config);
        await scheduler.scheduleTask({
          id: 'platform-status-example-plans',
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 3 },
          fn: async signal => {
            // The ingestion route answers once the backend listens.
            for (let attempt = 1; ; attempt++) {
              try {
                const count = await feedExamplePlans({
                  directory,
                  environments,
                  platformStatus,
                  logger,
                  signal: signal as AbortSignal,
                });
                logger.info(
                  `Reported ${count} example infrastructure runs from ${directory}`,
                );
                return;
              } catch (error) {
                if (attempt >= 5) throw error;
                await sleep(2_000 * attempt, undefined, {
                  signal: signal as AbortSignal,
                });
              }
            }
          },
        });
      },
    });
  },
});
