import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  PlatformStatusService,
  platformStatusServiceRef,
} from '@groundwork/plugin-platform-status-node';
import request from 'supertest';
import { platformStatusPlugin } from '../plugin';
import {
  component,
  environmentsConfig,
  report,
} from '../__testUtils__/fixtures';

jest.setTimeout(60_000);

const STATIC_TOKEN = 'automation-token-0123456789';

/** Reports through the real PlatformStatusService, as the plugin it belongs to. */
function reporter(pluginId: string, moduleId?: string) {
  let service: PlatformStatusService | undefined;
  const init = {
    deps: { platformStatus: platformStatusServiceRef },
    async init(deps: { platformStatus: PlatformStatusService }) {
      service = deps.platformStatus;
    },
  };
  return {
    feature: moduleId
      ? createBackendModule({
          pluginId,
          moduleId,
          register: env => env.registerInit(init),
        })
      : createBackendPlugin({
          pluginId,
          register: env => env.registerInit(init),
        }),
    async report(runId: string): Promise<number> {
      try {
        await service!.reportInfrastructureRun(report({ runId }));
        return 201;
      } catch (error) {
        if (error instanceof ResponseError) return error.response.status;
        throw error;
      }
    },
  };
}

/**
 * With Backstage's real auth service, whose plugin tokens name the issuing
 * plugin as `plugin:<id>` and whose external tokens carry the subject their
 * config gives, not the mock's.
 */
describe('ingestion with real service tokens', () => {
  it("accepts the plugin's own modules and refuses other plugins and static tokens", async () => {
    const ownModule = reporter('platform-status', 'test-feeder');
    const scaffolder = reporter('scaffolder');
    const { server } = await startTestBackend({
      features: [
        platformStatusPlugin,
        ownModule.feature,
        scaffolder.feature,
        authServiceFactory,
        httpAuthServiceFactory,
        catalogServiceMock.factory({ entities: [component('payments-api')] }),
        mockServices.rootConfig.factory({
          data: {
            ...environmentsConfig,
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: STATIC_TOKEN, subject: 'automation' },
                  },
                ],
              },
            },
          },
        }),
      ],
    });

    expect(await ownModule.report('own-module')).toBe(201);
    // The scaffolder as itself: a reporter, but for nobody.
    expect(await scaffolder.report('scaffolder-as-itself')).toBe(403);
    const automation = await request(server)
      .post('/api/platform-status/reports/infrastructure')
      .set('authorization', `Bearer ${STATIC_TOKEN}`)
      .send(report({ runId: 'static-token' }));
    expect(automation.status).toBe(403);
    expect(automation.body.error.message).toMatch(
      /^The service automation may not report runs\. .*platformStatus\.ingestion\.reporters \(now: scaffolder\)/,
    );
  });
});
