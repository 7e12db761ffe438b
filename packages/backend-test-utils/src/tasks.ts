import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';

/**
 * A test backend whose scheduled tasks run only when the test says, each
 * to its end: `runTask('platform-status-catalog-sync')`, then the next.
 */
export async function startBackendWithManualTasks(
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>,
) {
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      ...features,
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    runTask: (id: string) => scheduler.triggerTask(id),
  };
}
