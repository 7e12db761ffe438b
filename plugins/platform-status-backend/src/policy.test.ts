import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { ResponseError } from '@backstage/errors';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';
import type {
  EntityStatusResponse,
  InfrastructureRunReport,
} from '@groundwork/plugin-platform-status-common';
import {
  PlatformStatusService,
  platformStatusServiceRef,
} from '@groundwork/plugin-platform-status-node';
import request from 'supertest';
import { platformStatusPlugin } from './plugin';
import { environmentsConfig, report } from './__testUtils__/fixtures';
import {
  RecordedEvent,
  recordingAuditor,
} from './__testUtils__/recordingAuditor';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ADA,
  ALAN,
  GRACE,
  LINUS,
  MARGARET,
  TEAM_MEMBERSHIPS,
  TEAMS_CATALOG,
  recordingDelivery,
} from './__testUtils__/teams';

jest.setTimeout(60_000);

/**
 * A backend plugin (or a module of platform status) that reports through
 * the real PlatformStatusService, so its tokens are the ones a plugin with
 * that id issues: its own service token, or the person's with the plugin as
 * actor when it passes onBehalfOf.
 */
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
    /** Resolves to the HTTP status the platform-status backend answered. */
    async report(
      body: InfrastructureRunReport,
      onBehalfOf?: string,
    ): Promise<{ status: number; message?: string }> {
      try {
        await service!.reportInfrastructureRun(body, {
          onBehalfOf: onBehalfOf ? mockCredentials.user(onBehalfOf) : undefined,
        });
        return { status: 201 };
      } catch (error) {
        if (!(error instanceof ResponseError)) throw error;
        return {
          status: error.response.status,
          message: error.body.error.message,
        };
      }
    },
  };
}

const scaffolder = reporter('scaffolder');
const kubernetes = reporter('kubernetes');
const ownModule = reporter('platform-status', 'test-feeder');

const delivery = recordingDelivery({
  'payments-api': [3],
  'recommendations-api': [3],
});

/** Groundwork's policy in the real permission framework, with the real catalog. */
describe('platform status under the Groundwork policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const events: RecordedEvent[] = [];
  const catalog = createTestCatalog(TEAMS_CATALOG);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        platformStatusPlugin,
        scaffolder.feature,
        kubernetes.feature,
        ownModule.feature,
        delivery.feature,
        ...groundworkPermissionFeatures(TEAM_MEMBERSHIPS),
        recordingAuditor(events),
        schedulerServiceFactory,
        // No header means no credentials, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: catalog.config,
            platformStatus: {
              catalogSync: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
            },
            groundwork: {
              ...environmentsConfig.groundwork,
              permissions: {
                adminGroups: ['group:default/platform'],
                approverGroups: ['group:default/security'],
                productionGroups: ['group:default/sre'],
              },
            },
          },
        }),
      ],
    });
    await catalog.ready(backend.server);
    // ...and platform status's catalog sync mirrors them.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/platform-status/overview')
        .set('authorization', mockCredentials.user.header(ADA));
      if (res.body.totalCount === 6) break;
      if (Date.now() > deadline)
        throw new Error('the catalog sync never mirrored the entities');
      await sleep(200);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    catalog.remove();
  });

  const status = async (name: string, as = ALAN) => {
    const res = await request(backend.server)
      .get(`/api/platform-status/entities/component/default/${name}`)
      .set('authorization', mockCredentials.user.header(as));
    expect(res.status).toBe(200);
    return res.body as EntityStatusResponse;
  };
  const prodRun = async (name: string) =>
    (await status(name)).environments.find(e => e.name === 'prod')!
      .infrastructure;

  describe('reports', () => {
    const post = (auth: string, body: object = report()) =>
      request(backend.server)
        .post('/api/platform-status/reports/infrastructure')
        .set('authorization', auth)
        .send(body);
    /** A token minted for platform status on behalf of a service principal. */
    const serviceHeader = (subject: string) =>
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(subject),
        targetPluginId: 'platform-status',
      });
    /** What an attacker would post: a failed run that hides the real one. */
    const forged = (runId: string) =>
      report({ runId, result: 'failed', message: 'forged' });

    it('refuses every caller that is not a reporter acting for someone who may change the entity', async () => {
      const refusals: Array<[string, { status: number; message?: string }]> =
        [];
      const viaHeader = async (what: string, auth: string) => {
        const res = await post(auth, forged(what));
        refusals.push([what, { status: res.status, ...res.body.error }]);
      };
      // The static automation token and the legacy shared secret.
      await viaHeader('static token', serviceHeader('external:automation'));
      await viaHeader(
        'legacy secret',
        serviceHeader('external:backstage-plugin'),
      );
      // Another backend plugin's own token.
      await viaHeader('catalog plugin', serviceHeader('plugin:catalog'));
      // A person with their own token, even the entity's owner.
      await viaHeader('owner in person', mockCredentials.user.header(ALAN));
      await viaHeader('admin in person', mockCredentials.user.header(ADA));
      // The scaffolder as itself: a reporter, but for nobody.
      refusals.push([
        'scaffolder as itself',
        await scaffolder.report(forged('scaffolder as itself')),
      ]);
      // A plugin that is not in platformStatus.ingestion.reporters, for the owner.
      refusals.push([
        'kubernetes for the owner',
        await kubernetes.report(forged('kubernetes for the owner'), ALAN),
      ]);
      // The scaffolder for a person of another team.
      refusals.push([
        'scaffolder for another team',
        await scaffolder.report(
          forged('scaffolder for another team'),
          MARGARET,
        ),
      ]);

      for (const [what, answer] of refusals) {
        expect([what, answer.status]).toEqual([what, 403]);
      }
      const messages = Object.fromEntries(
        refusals.map(([what, a]) => [what, a.message]),
      );
      for (const what of [
        'static token',
        'legacy secret',
        'catalog plugin',
        'owner in person',
        'scaffolder as itself',
        'kubernetes for the owner',
      ]) {
        expect(messages[what]).toContain(
          'platformStatus.ingestion.reporters (now: scaffolder)',
        );
      }
      expect(messages['static token']).toMatch(
        /^The service external:automation may not report runs/,
      );
      expect(messages['kubernetes for the owner']).toMatch(
        /^plugin:kubernetes, acting for user:default\/alan.turing, may not report runs/,
      );
      expect(messages['scaffolder for another team']).toBe(
        'user:default/margaret.hamilton may not report a terraform run in prod (through plugin:scaffolder) for component:default/payments-api: only its owners and the platform administrators may (permission groundwork.entity.change). Ask a member of the owning group to run it, or to add you to that group.',
      );

      // Nothing was recorded, and every refusal is an audit event.
      expect(await prodRun('payments-api')).toEqual({ state: 'no-data' });
      const refused = events.filter(
        e => e.eventId === 'infrastructure-report' && e.outcome === 'failed',
      );
      expect(refused).toHaveLength(refusals.length);
      expect(refused).toContainEqual(
        expect.objectContaining({
          plugin: 'platform-status',
          severityLevel: 'medium',
          meta: {
            reporter: 'external:automation',
            entityRef: 'component:default/payments-api',
          },
          error: expect.stringContaining('platformStatus.ingestion.reporters'),
        }),
      );
      expect(refused).toContainEqual(
        expect.objectContaining({
          meta: {
            reporter: 'plugin:scaffolder',
            onBehalfOf: MARGARET,
            entityRef: 'component:default/payments-api',
          },
          error: expect.stringContaining('may not report a terraform run'),
        }),
      );
    });

    it("accepts the scaffolder's reports for an entity's owner, for an administrator, and for a new entity", async () => {
      expect(
        await scaffolder.report(report({ runId: 'owner-run' }), ALAN),
      ).toEqual({ status: 201 });
      expect(await prodRun('payments-api')).toMatchObject({
        state: 'ok',
        result: 'applied',
      });

      expect(
        await scaffolder.report(
          report({
            entityRef: 'component:default/recommendations-api',
            runId: 'admin-run',
            result: 'planned',
          }),
          ADA,
        ),
      ).toEqual({ status: 201 });
      expect(await prodRun('recommendations-api')).toMatchObject({
        result: 'planned',
      });

      // Not in the catalog yet: the run is creating it.
      expect(
        await scaffolder.report(
          report({ entityRef: 'component:default/ledger-api', runId: 'new' }),
          MARGARET,
        ),
      ).toEqual({ status: 201 });

      const accepted = events.filter(
        e => e.eventId === 'infrastructure-report' && e.outcome === 'succeeded',
      );
      expect(accepted.map(e => [e.meta.onBehalfOf, e.meta.runId])).toEqual([
        [ALAN, 'owner-run'],
        [ADA, 'admin-run'],
        [MARGARET, 'new'],
      ]);
    });

    it("accepts the plugin's own modules reporting as themselves, and holds them to the entity check when they act for someone", async () => {
      expect(
        await ownModule.report(
          report({
            entityRef: 'component:default/recommendations-api',
            runId: 'example:recommendations-api:prod',
          }),
        ),
      ).toEqual({ status: 201 });
      const forPerson = await ownModule.report(
        report({ runId: 'module-for-person' }),
        MARGARET,
      );
      expect(forPerson.status).toBe(403);
      expect(forPerson.message).toContain('may not report a terraform run');
    });
  });

  describe('sync and rollback', () => {
    const act = (
      name: string,
      environment: string,
      as: string | undefined,
      action: 'sync' | 'rollback',
    ) => {
      const r = request(backend.server)
        .post(
          `/api/platform-status/entities/component/default/${name}/environments/${environment}/${action}`,
        )
        .send(action === 'rollback' ? { historyId: 3 } : undefined);
      return as ? r.set('authorization', mockCredentials.user.header(as)) : r;
    };

    beforeAll(async () => {
      // The recording source's first cycle has placed its apps.
      const deadline = Date.now() + 30_000;
      while (
        (await status('payments-api')).environments[0].delivery.state !== 'ok'
      ) {
        if (Date.now() > deadline) throw new Error('no delivery recorded');
        await sleep(200);
      }
    });

    it("lets an entity's owners act on its environments, production only to the production groups and administrators, and audits every attempt", async () => {
      events.length = 0;
      const other = await act('payments-api', 'dev', MARGARET, 'sync');
      expect(other.status).toBe(403);
      expect(other.body.error.message).toContain('groundwork.entity.change');
      expect((await act('payments-api', 'dev', GRACE, 'rollback')).status).toBe(
        403,
      );
      expect((await act('payments-api', 'dev', undefined, 'sync')).status).toBe(
        401,
      );
      // Owner, but prod needs a production group.
      const prod = await act('payments-api', 'prod', ALAN, 'sync');
      expect(prod.status).toBe(403);
      expect(prod.body.error.message).toContain(
        'groundwork.permissions.productionGroups',
      );
      expect(delivery.actions).toEqual([]);

      expect((await act('payments-api', 'dev', ALAN, 'sync')).status).toBe(202);
      expect(
        (await act('payments-api', 'dev', ALAN, 'rollback')).body,
      ).toMatchObject({ action: 'rollback', historyId: 3 });
      expect(
        (await act('payments-api', 'prod', LINUS, 'rollback')).status,
      ).toBe(202);
      // In sre but not an owner of recommendations-api.
      expect(
        (await act('recommendations-api', 'prod', LINUS, 'sync')).status,
      ).toBe(403);
      expect(
        (await act('recommendations-api', 'prod', ADA, 'sync')).status,
      ).toBe(202);
      expect(delivery.actions).toEqual([
        'sync payments-api-dev',
        'rollback payments-api-dev to 3',
        'rollback payments-api-prod to 3',
        'sync recommendations-api-prod',
      ]);
      const audited = events.filter(e => e.eventId.startsWith('delivery-'));
      expect(
        audited.map(e => [
          e.eventId,
          e.severityLevel,
          e.outcome,
          e.meta.entityRef,
          e.meta.environment,
        ]),
      ).toEqual([
        [
          'delivery-sync',
          'medium',
          'failed',
          'component:default/payments-api',
          'dev',
        ],
        [
          'delivery-rollback',
          'medium',
          'failed',
          'component:default/payments-api',
          'dev',
        ],
        [
          'delivery-sync',
          'high',
          'failed',
          'component:default/payments-api',
          'prod',
        ],
        [
          'delivery-sync',
          'medium',
          'succeeded',
          'component:default/payments-api',
          'dev',
        ],
        [
          'delivery-rollback',
          'medium',
          'succeeded',
          'component:default/payments-api',
          'dev',
        ],
        [
          'delivery-rollback',
          'high',
          'succeeded',
          'component:default/payments-api',
          'prod',
        ],
        [
          'delivery-sync',
          'high',
          'failed',
          'component:default/recommendations-api',
          'prod',
        ],
        [
          'delivery-sync',
          'high',
          'succeeded',
          'component:default/recommendations-api',
          'prod',
        ],
      ]);
    });
  });

  describe('refresh and reads', () => {
    const refresh = (name: string, as: string) =>
      request(backend.server)
        .post(`/api/platform-status/entities/component/default/${name}/refresh`)
        .set('authorization', mockCredentials.user.header(as));

    it("lets an entity's owners and the administrators refresh it, and nobody else", async () => {
      const other = await refresh('payments-api', MARGARET);
      expect(other.status).toBe(403);
      expect(other.body.error.message).toContain(
        'platform-status.entity.refresh',
      );
      expect((await refresh('payments-api', GRACE)).status).toBe(403);

      const owner = await refresh('payments-api', ALAN);
      expect(owner.status).toBe(200);
      expect(owner.body.entityRef).toBe('component:default/payments-api');

      expect((await refresh('recommendations-api', ALAN)).status).toBe(403);
      const admin = await refresh('recommendations-api', ADA);
      expect(admin.status).toBe(200);
      expect(admin.body.entityRef).toBe(
        'component:default/recommendations-api',
      );
    });

    it("lets everyone signed in read any entity's status and the overview, and nobody anonymous", async () => {
      for (const who of [ALAN, MARGARET, ADA, GRACE]) {
        const body = await status('payments-api', who);
        expect(body.environments.map(e => e.name)).toEqual([
          'dev',
          'staging',
          'prod',
        ]);
        const overview = await request(backend.server)
          .get('/api/platform-status/overview?environment=prod&sort=name')
          .set('authorization', mockCredentials.user.header(who));
        expect(overview.status).toBe(200);
        expect(overview.body.items.map((r: any) => r.entityRef)).toEqual(
          expect.arrayContaining([
            'component:default/payments-api',
            'component:default/recommendations-api',
          ]),
        );
      }
      const anonymous = await request(backend.server).get(
        '/api/platform-status/entities/component/default/payments-api',
      );
      expect(anonymous.status).toBe(401);
      expect(
        (await request(backend.server).get('/api/platform-status/overview'))
          .status,
      ).toBe(401);
    });
  });
});
