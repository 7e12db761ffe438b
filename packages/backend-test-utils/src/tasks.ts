import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { testEnvironmentsConfig } from './platformStatus';

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

/**
 * Platform status with its modules on `knex`, the tasks run when the test
 * says (mirror the catalog first, then collect): `features` are the plugin,
 * the module under test and the catalog (catalogServiceMock), `config` what
 * the module reads beside the test environments.
 */
export async function startPlatformStatusBackend<Status = unknown>(options: {
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  knex: Awaited<ReturnType<TestDatabases['init']>>;
  config?: Record<string, unknown>;
}) {
  const backend = await startBackendWithManualTasks([
    ...options.features,
    mockServices.rootConfig.factory({
      data: { ...testEnvironmentsConfig, ...options.config },
    }),
    mockServices.database.factory({ knex: options.knex }),
  ]);
  return {
    /** For routes beyond the entity status (supertest). */
    server: backend.server,
    stop: backend.stop,
    run: (task: string) => backend.runTask(`platform-status-${task}`),
    /** The entity's status as its owner reads it; throws unless 200. */
    status: async (name: string): Promise<Status> => {
      const res = await request(backend.server)
        .get(`/api/platform-status/entities/component/default/${name}`)
        .set('authorization', mockCredentials.user.header());
      if (res.status !== 200) {
        throw new Error(
          `GET status of ${name}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
      return res.body as Status;
    },
  };
}
