import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import type {
  EntityStatusResponse,
  OverviewResponse,
  RollupEnvironment,
} from '@groundwork/plugin-platform-status-common';
import request from 'supertest';
import { Contract } from '@groundwork/stand-in-test-utils';
import { spec } from './schema/openapi.generated';
import { platformStatusPlugin } from './plugin';
import {
  component,
  environmentsConfig,
  report,
} from './__testUtils__/fixtures';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InForceList } from '@groundwork/plugin-requests-common';
import {
  RequestsService,
  requestsServiceRef,
} from '@groundwork/plugin-requests-node';

jest.setTimeout(60_000);

const ALAN = 'user:default/alan'; // payments: may read what payments owns
const NOBODY = 'user:default/nobody'; // may read no entity
const VIEWER = 'user:default/viewer'; // may read all, refresh nothing

/** A permission policy: ALLOW, DENY or the catalog's IS_ENTITY_OWNER condition. */
const permissions: PermissionsService = {
  async authorizeConditional(queries, { credentials }) {
    const user = (credentials.principal as any).userEntityRef;
    return queries.map(() => {
      if (user === NOBODY) return { result: AuthorizeResult.DENY };
      if (user === ALAN) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/payments'] },
          },
        } as any;
      }
      return { result: AuthorizeResult.ALLOW };
    });
  },
  async authorize(queries, { credentials }) {
    const user = (credentials.principal as any).userEntityRef;
    return queries.map(() => ({
      result:
        user === VIEWER || user === NOBODY
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  },
};

const entities = [
  component('payments-api', {
    owner: 'payments',
    system: 'payments-platform',
    annotations: {
      'groundwork.dev/budgets': 'prod=1200,qa=3,dev=lots',
      'groundwork.dev/terraform-state':
        'prod=s3://acme-tfstate/payments-api/prod.tfstate',
    },
  }),
  component('recommendations-api', { owner: 'growth' }),
  // No annotation: not mirrored by the sync, found on demand.
  {
    ...component('late-arrival', { owner: 'payments' }),
    metadata: { name: 'late-arrival', namespace: 'default' },
  },
];

/**
 * The requests backend's `inForce` as platform status calls it: what it
 * holds for the entity asked about (or every entity), unexpired; `down`
 * answers as an unreachable backend.
 */
function requestsStandIn(
  list: InForceList = { waivers: [], budgets: [] },
  options: { down?: boolean } = {},
) {
  const calls: Array<{ entityRef?: string; principal: unknown }> = [];
  const service: RequestsService = {
    async create() {
      throw new Error('not used by platform status');
    },
    async list() {
      throw new Error('not used by platform status');
    },
    async inForce({ entityRef, environment, credentials }) {
      calls.push({ entityRef, principal: credentials.principal });
      if (options.down) {
        throw new Error('Request failed with 503 Service Unavailable');
      }
      const now = Date.now();
      const keep = (r: {
        entityRef: string;
        environment: string;
        expiresAt: string;
      }) =>
        (!entityRef || r.entityRef === entityRef) &&
        (!environment || r.environment === environment) &&
        Date.parse(r.expiresAt) > now;
      return {
        waivers: list.waivers.filter(keep),
        budgets: list.budgets.filter(keep),
      };
    },
  };
  return { service, calls };
}

async function startBackend(
  actionsRegistry = actionsRegistryServiceMock(),
  platformStatus: object = {},
  /** The requests plugin's service; `absent`: the plugin is not installed. */
  requests: RequestsService | 'absent' = requestsStandIn().service,
) {
  const { server } = await startTestBackend({
    features: [
      ...(requests === 'absent'
        ? []
        : [
            createServiceFactory({
              service: requestsServiceRef,
              deps: {},
              factory: () => requests,
            }),
          ]),
      platformStatusPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...environmentsConfig,
          platformStatus: {
            refresh: { minIntervalSeconds: 60 },
            ...platformStatus,
          },
        },
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => permissions,
      }),
      catalogServiceMock.factory({ entities }),
      // No header means no credentials, as in a real backend.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
    ],
  });
  return { server, actionsRegistry };
}

const openApi = new Contract('platform-status', spec);
const entityOperation = () =>
  openApi.match('GET', '/entities/component/default/x')!.operation;

const asUser = (ref: string) => mockCredentials.user.header(ref);
/** The plugin's own modules (the example plans) report as the plugin. */
const asOwnModule = () =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:platform-status'),
    targetPluginId: 'platform-status',
  });

async function waitForOverview(server: any, count: number) {
  for (let i = 0; i < 50; i++) {
    const res = await request(server)
      .get('/api/platform-status/overview')
      .set('authorization', asUser(VIEWER));
    if (res.status === 200 && res.body.totalCount >= count) return res;
    await sleep(100);
  }
  throw new Error('the catalog sync did not fill the overview');
}

describe('platform-status backend', () => {
  it('ingests runs, validates them, and serves the entity status', async () => {
    const { server, actionsRegistry } = await startBackend();
    await waitForOverview(server, 6);
    const post = (body: unknown, auth = asOwnModule()) =>
      request(server)
        .post('/api/platform-status/reports/infrastructure')
        .set('authorization', auth)
        .send(body as object);

    expect((await post(report(), asUser(ALAN))).status).toBe(403);
    expect(
      (
        await request(server)
          .post('/api/platform-status/reports/infrastructure')
          .send(report())
      ).status,
    ).toBe(401);

    const bad = await post({
      ...report(),
      entityRef: 'not a ref',
      environment: 'qa',
      findings: [{ ruleId: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/findings\.0\.title/);
    const unknownEnv = await post(report({ environment: 'qa' }));
    expect(unknownEnv.status).toBe(400);
    expect(unknownEnv.body.error.message).toMatch(
      /Unknown environment "qa"; configured environments are dev, staging, prod/,
    );
    const tooMany = await post(
      report({ findings: Array(5001).fill(report().findings[0]) }),
    );
    expect(tooMany.status).toBe(400);

    const ok = await post(
      report({ entityRef: 'Component:default/payments-api' }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      runId: 'task-1/step-apply',
    });

    const res = await request(server)
      .get('/api/platform-status/entities/component/default/payments-api')
      .set('authorization', asUser(ALAN));
    expect(res.status).toBe(200);
    const body = res.body as EntityStatusResponse;
    expect(body.entityRef).toBe('component:default/payments-api');
    expect(body.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(body.warnings).toEqual([
      expect.stringMatching(
        /groundwork.dev\/budgets names the environment "qa"/,
      ),
      expect.stringMatching(/gives "lots" for dev/),
    ]);
    const prod = body.environments[2];
    // The environment names an Argo CD instance that is not configured.
    expect(prod.delivery).toEqual({
      state: 'not-configured',
      instance: 'prod',
    });
    expect(prod.infrastructure).toMatchObject({
      state: 'ok',
      result: 'applied',
      resourceCount: 12,
      stateLocation: 's3://acme-tfstate/payments-api/prod.tfstate',
    });
    expect(prod.cost).toMatchObject({
      estimatedMonthly: 1000,
      actualMonthToDate: null,
      budgetMonthly: 1200,
      budgetUsed: 1000 / 1200,
      estimateState: 'ok',
      actualState: 'not-configured',
      currency: 'USD',
    });
    expect(prod.compliance).toMatchObject({
      state: 'ok',
      score: 95,
      failed: { critical: 0, high: 1, medium: 0, low: 0 },
      waived: 1,
    });
    expect(prod.compliance.findings.map(f => f.verdict)).toEqual([
      'fail',
      'waived',
      'pass',
    ]);
    expect(prod.asOf).toBe('2026-11-20T10:05:00.000Z');
    expect(openApi.checkResponse(entityOperation(), 200, body)).toEqual([]);
    // The route copies stored findings in as text; the action builds objects.
    const viaAction = await actionsRegistry.invoke({
      id: 'test:get-entity-platform-status',
      input: { entityRef: 'component:default/payments-api' },
      credentials: mockCredentials.user(ALAN),
    });
    expect({ ...(viaAction.output as object), generatedAt: 'now' }).toEqual({
      ...body,
      generatedAt: 'now',
    });
    expect(body.environments[0]).toMatchObject({
      name: 'dev',
      infrastructure: { state: 'no-data' },
      compliance: { state: 'no-data', score: null },
      cost: { estimatedMonthly: null, budgetMonthly: 500, budgetUsed: null },
      asOf: null,
      errors: [],
    });
  });

  describe('waivers and budgets approved by request', () => {
    const REF = 'component:default/payments-api';
    const approval = {
      requestedBy: 'user:default/alan',
      approvedBy: 'user:default/grace',
      approvedAt: '2026-12-01T09:00:00.000Z',
    };
    const inDays = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString();
    const waiver = (extra: object) => ({
      entityRef: REF,
      environment: 'prod',
      rule: 'GW-AWS-001',
      resource: 'aws_s3_bucket.assets',
      expiresAt: inDays(5),
      requestId: 'req-1',
      reason: 'fix ships Friday',
      ...approval,
      ...extra,
    });

    it('shows them per environment, soonest expiry first, with the budget they set, and counts them in the portfolio', async () => {
      const requests = requestsStandIn({
        waivers: [
          waiver({ requestId: 'req-later', expiresAt: inDays(9) }),
          waiver({ requestId: 'req-sooner', expiresAt: inDays(2) }),
          waiver({ requestId: 'req-dev', environment: 'dev' }),
          waiver({ requestId: 'req-ended', expiresAt: inDays(-1) }),
          waiver({
            requestId: 'req-other',
            entityRef: 'component:default/recommendations-api',
          }),
        ],
        budgets: [
          {
            entityRef: REF,
            environment: 'prod',
            monthlyBudget: 2000,
            expiresAt: inDays(3),
            requestId: 'req-budget',
            reason: 'launch',
            ...approval,
          },
        ],
      });
      const { server } = await startBackend(undefined, {}, requests.service);
      await waitForOverview(server, 6);
      await request(server)
        .post('/api/platform-status/reports/infrastructure')
        .set('authorization', asOwnModule())
        .send(report())
        .expect(201);

      const res = await request(server)
        .get('/api/platform-status/entities/component/default/payments-api')
        .set('authorization', asUser(ALAN));
      expect(res.status).toBe(200);
      const body = res.body as EntityStatusResponse;
      expect(openApi.checkResponse(entityOperation(), 200, body)).toEqual([]);
      const [dev, staging, prod] = body.environments;
      expect(prod.compliance.waiversInForce?.map(w => w.requestId)).toEqual([
        'req-sooner',
        'req-later',
      ]);
      expect(prod.compliance.waiversInForce?.[0]).toEqual({
        requestId: 'req-sooner',
        rule: 'GW-AWS-001',
        resource: 'aws_s3_bucket.assets',
        reason: 'fix ships Friday',
        ...approval,
        expiresAt: expect.any(String),
      });
      expect(dev.compliance.waiversInForce?.map(w => w.requestId)).toEqual([
        'req-dev',
      ]);
      expect(staging.compliance.waiversInForce).toEqual([]);
      // The budget request replaces the annotation's 1200.
      expect(prod.cost).toMatchObject({
        estimatedMonthly: 1000,
        budgetMonthly: 2000,
        budgetUsed: 0.5,
        budgetInForce: { requestId: 'req-budget', monthlyBudget: 2000 },
      });
      expect(staging.cost.budgetInForce).toBeUndefined();
      expect(prod.errors).toEqual([]);
      // Asked as the plugin itself, for this entity.
      expect(requests.calls).toContainEqual({
        entityRef: REF,
        principal: expect.objectContaining({
          type: 'service',
          subject: 'plugin:platform-status',
        }),
      });

      const overview = await request(server)
        .get('/api/platform-status/overview')
        .set('authorization', asUser(VIEWER));
      expect(overview.status).toBe(200);
      const counts = Object.fromEntries(
        (overview.body as OverviewResponse).items.map(r => [
          `${r.entityRef} ${r.environment}`,
          r.waiversInForce,
        ]),
      );
      expect(counts).toMatchObject({
        [`${REF} prod`]: 2,
        [`${REF} dev`]: 1,
        [`${REF} staging`]: 0,
        'component:default/recommendations-api prod': 1,
      });
      expect(
        openApi.checkResponse(
          openApi.match('GET', '/overview')!.operation,
          200,
          overview.body,
        ),
      ).toEqual([]);
    });

    it('says so in errors when the requests plugin fails, shows none without one, and answers either way', async () => {
      const downError = {
        source: 'compliance',
        message: expect.stringMatching(
          /^Waivers and budgets approved by request could not be read from the requests plugin \(.+\); is it installed and running\?/,
        ),
        at: expect.any(String),
      };
      // Down is worth saying; a portal without the plugin has nothing to say.
      const cases: Array<[RequestsService | 'absent', object[]]> = [
        [
          requestsStandIn(
            { waivers: [waiver({})], budgets: [] },
            { down: true },
          ).service,
          [downError],
        ],
        ['absent', []],
      ];
      for (const [requests, errors] of cases) {
        const { server } = await startBackend(undefined, {}, requests);
        await waitForOverview(server, 6);
        const res = await request(server)
          .get('/api/platform-status/entities/component/default/payments-api')
          .set('authorization', asUser(ALAN));
        expect(res.status).toBe(200);
        const prod = (res.body as EntityStatusResponse).environments[2];
        expect(prod.compliance.waiversInForce).toBeUndefined();
        expect(prod.cost.budgetInForce).toBeUndefined();
        // The configured budget still applies.
        expect(prod.cost.budgetMonthly).toBe(1200);
        expect(prod.errors).toEqual(errors);
        const overview = await request(server)
          .get('/api/platform-status/overview')
          .set('authorization', asUser(VIEWER));
        expect(overview.status).toBe(200);
        expect(
          (overview.body as OverviewResponse).items.every(
            r => r.waiversInForce === undefined,
          ),
        ).toBe(true);
      }
    });
  });

  it('accepts reports from the plugins platformStatus.ingestion.reporters names, for people who may change the entity', async () => {
    const { server } = await startBackend(undefined, {
      ingestion: { reporters: ['github-actions'] },
    });
    /** An on-behalf-of token: the person, with the plugin that acts for them. */
    const actingFor = (person: string, plugin: string) =>
      `Bearer ${mockCredentials.user.token(person, {
        actor: { subject: `plugin:${plugin}` },
      })}`;
    const post = (auth: string) =>
      request(server)
        .post('/api/platform-status/reports/infrastructure')
        .set('authorization', auth)
        .send(report());

    const scaffolder = await post(actingFor(ALAN, 'scaffolder'));
    expect(scaffolder.status).toBe(403);
    expect(scaffolder.body.error.message).toContain(
      'platformStatus.ingestion.reporters (now: github-actions)',
    );
    // The policy here denies NOBODY everything, changing entities included.
    expect((await post(actingFor(NOBODY, 'github-actions'))).status).toBe(403);
    expect((await post(actingFor(ALAN, 'github-actions'))).status).toBe(201);
  });

  it('answers 400, 401, 403 and 404 on the entity route', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const get = (path: string, auth?: string) => {
      const r = request(server).get(`/api/platform-status/entities/${path}`);
      return auth ? r.set('authorization', auth) : r;
    };
    expect((await get('component/default/payments-api')).status).toBe(401);
    // The spec the routes validate against, without a token.
    const doc = await request(server).get('/api/platform-status/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain(
      '/api/platform-status/entities/{kind}/{namespace}/{name}',
    );
    const bad = await get('component/default/bad%20name', asUser(ALAN));
    expect(bad.status).toBe(400);
    expect(openApi.checkResponse(entityOperation(), 400, bad.body)).toEqual([]);
    expect(bad.body.error.message).toMatch(/Invalid entity reference: name/);
    expect(
      (await get('component/default/payments-api', asUser(NOBODY))).status,
    ).toBe(403);
    // Owned by growth: alan may not read it, and is not told it exists.
    const hidden = await get(
      'component/default/recommendations-api',
      asUser(ALAN),
    );
    expect(hidden.status).toBe(404);
    expect((await get('component/default/missing', asUser(ALAN))).status).toBe(
      404,
    );
    // Not mirrored by the sync (no annotation): looked up on first request.
    const late = await get('component/default/late-arrival', asUser(ALAN));
    expect(late.status).toBe(200);
    expect(late.body.environments).toEqual([]);
  });

  it('serves deployment history only to who may read the entity, for its environments', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const get = (path: string, auth?: string) => {
      const r = request(server).get(
        `/api/platform-status/entities/component/default/${path}`,
      );
      return auth ? r.set('authorization', auth) : r;
    };
    const history = openApi.match(
      'GET',
      '/entities/component/default/x/environments/dev/deployments',
    )!.operation;
    expect(
      (await get('payments-api/environments/dev/deployments')).status,
    ).toBe(401);
    expect(
      (await get('payments-api/environments/dev/deployments', asUser(NOBODY)))
        .status,
    ).toBe(403);
    // Owned by growth: not readable by alan, and not said to exist.
    expect(
      (
        await get(
          'recommendations-api/environments/dev/deployments',
          asUser(ALAN),
        )
      ).status,
    ).toBe(404);
    const empty = await get(
      'payments-api/environments/prod/deployments?limit=10',
      asUser(ALAN),
    );
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      items: [],
    });
    expect(openApi.checkResponse(history, 200, empty.body)).toEqual([]);
    const unknown = await get(
      'payments-api/environments/qa/deployments',
      asUser(ALAN),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /no environment "qa"; configured: dev, staging, prod/,
    );
    expect(
      (
        await get(
          'payments-api/environments/dev/deployments?limit=500',
          asUser(ALAN),
        )
      ).status,
    ).toBe(400);
  });

  it('revalidates with ETags, never for a caller who may not read the entity', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const get = (name: string, auth: string, etag?: string) => {
      const r = request(server)
        .get(`/api/platform-status/entities/component/default/${name}`)
        .set('authorization', auth);
      return etag ? r.set('if-none-match', etag) : r;
    };

    const first = await get('recommendations-api', asUser(VIEWER));
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    // Served again (from the response cache): same status, same tag, a fresh time.
    const again = await get('recommendations-api', asUser(VIEWER));
    expect(again.headers.etag).toBe(etag);
    expect({ ...again.body, generatedAt: 0 }).toEqual({
      ...first.body,
      generatedAt: 0,
    });
    const unchanged = await get('recommendations-api', asUser(VIEWER), etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(
      (await get('recommendations-api', asUser(VIEWER), `"x", ${etag}`)).status,
    ).toBe(304);

    // Alan may not read recommendations-api (owned by growth). With the tag
    // a reader just got, or with *, he gets the 404 anyone gets for an
    // entity that is not there: no 304, no cached body, not its tag.
    for (const tag of [undefined, etag, '*']) {
      const probe = await get('recommendations-api', asUser(ALAN), tag);
      expect(probe.status).toBe(404);
      // (Express tags the error body itself; never with the status's tag.)
      expect(probe.headers.etag).not.toBe(etag);
      expect(probe.body.environments).toBeUndefined();
      const missing = await get('no-such-entity', asUser(ALAN), tag);
      expect(missing.status).toBe(404);
      expect(probe.body.error.message).toBe(
        missing.body.error.message.replace(
          'no-such-entity',
          'recommendations-api',
        ),
      );
    }
    // Nobody may read any entity: 403 with or without a tag.
    expect(
      (await get('recommendations-api', asUser(NOBODY), etag)).status,
    ).toBe(403);

    // A new run changes the status: the cached body is not served, the old
    // tag no longer matches.
    const posted = await request(server)
      .post('/api/platform-status/reports/infrastructure')
      .set('authorization', asOwnModule())
      .send(report({ entityRef: 'component:default/recommendations-api' }));
    expect(posted.status).toBe(201);
    const changed = await get('recommendations-api', asUser(VIEWER), etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.environments[2].infrastructure).toMatchObject({
      state: 'ok',
      runId: 'task-1/step-apply',
    });
    expect(
      (await get('recommendations-api', asUser(VIEWER), changed.headers.etag))
        .status,
    ).toBe(304);
  });

  it('answers from a kept response only a caller with a valid token who may read the entity', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const get = (auth: string | undefined, etag?: string) => {
      let r = request(server).get(
        '/api/platform-status/entities/component/default/payments-api',
      );
      if (auth) r = r.set('authorization', auth);
      return etag ? r.set('if-none-match', etag) : r;
    };
    // A reader who may read everything: the response is built and kept.
    const first = await get(asUser(VIEWER));
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect((await get(asUser(VIEWER), etag)).status).toBe(304);

    // What an attacker tries with the tag a reader got, or without it: no
    // token, a user or service token that does not verify, a signed-in
    // user the policy denies. Never the body, never a 304.
    for (const tag of [undefined, etag, '*']) {
      for (const [auth, status] of [
        [undefined, 401],
        [mockCredentials.user.invalidHeader(), 401],
        [mockCredentials.service.invalidHeader(), 401],
        [asUser(NOBODY), 403],
      ] as const) {
        const res = await get(auth, tag);
        expect(res.status).toBe(status);
        expect(res.headers.etag).not.toBe(etag);
        expect(res.body.environments).toBeUndefined();
      }
    }
    // Alan may read what payments owns: the kept response, same tag.
    const alan = await get(asUser(ALAN));
    expect(alan.status).toBe(200);
    expect(alan.headers.etag).toBe(etag);
    expect((await get(asUser(ALAN), etag)).status).toBe(304);
  });

  it('lists in the overview only what the caller may read, filtered and sorted', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const overview = (query: string, auth = asUser(ALAN)) =>
      request(server)
        .get(`/api/platform-status/overview${query}`)
        .set('authorization', auth);

    const alan = await overview('?limit=2');
    expect(alan.status).toBe(200);
    const body = alan.body as OverviewResponse;
    expect(body.totalCount).toBe(3);
    expect(body.items).toHaveLength(2);
    expect(new Set(body.items.map(r => r.entityRef))).toEqual(
      new Set(['component:default/payments-api']),
    );
    expect(body).toMatchObject({ offset: 0, limit: 2, currency: 'USD' });
    expect(
      openApi.checkResponse(
        openApi.match('GET', '/overview')!.operation,
        200,
        body,
      ),
    ).toEqual([]);

    const viewer = await overview(
      '?owner=growth&environment=prod',
      asUser(VIEWER),
    );
    expect(viewer.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/recommendations-api',
        environment: 'prod',
        owner: 'group:default/growth',
      }),
    ]);
    // Comma-separated and repeated, refs with or without kind and namespace.
    const both = await overview(
      '?owner=group:default/growth,payments&environment=prod&environment=dev',
      asUser(VIEWER),
    );
    expect(both.status).toBe(200);
    expect(
      new Set(both.body.items.map((r: { owner: string }) => r.owner)),
    ).toEqual(new Set(['group:default/growth', 'group:default/payments']));
    const badSort = await overview('?sort=price');
    expect(badSort.status).toBe(400);
    expect(badSort.body.error.message).toMatch(
      /sort must be equal to one of the allowed values: cost, budgetUse, compliance, name/,
    );
    const badLimit = await overview('?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/limit must be >= 1/);
    expect((await overview('?environment=qa')).status).toBe(400);
    expect((await overview('', asUser(NOBODY))).status).toBe(403);
    expect(
      (await request(server).get('/api/platform-status/overview')).status,
    ).toBe(401);
  });

  it('rolls up per environment only what the caller may read', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const rollup = (query: string, auth = asUser(ALAN)) =>
      request(server)
        .get(`/api/platform-status/rollup${query}`)
        .set('authorization', auth);

    // Alan reads only payments-api: one entity in each environment.
    const alan = await rollup('');
    expect(alan.status).toBe(200);
    expect(alan.body.currency).toBe('USD');
    expect(
      alan.body.environments.map((e: RollupEnvironment) => [
        e.environment,
        e.entities,
      ]),
    ).toEqual([
      ['dev', 1],
      ['staging', 1],
      ['prod', 1],
    ]);
    expect(
      openApi.checkResponse(
        openApi.match('GET', '/rollup')!.operation,
        200,
        alan.body,
      ),
    ).toEqual([]);
    // The viewer reads both entities; a group's roll-up counts its own.
    const all = await rollup('?environment=prod', asUser(VIEWER));
    expect(all.body.environments).toEqual([
      expect.objectContaining({ environment: 'prod', entities: 2 }),
    ]);
    const growth = await rollup('?owner=growth', asUser(VIEWER));
    expect(
      growth.body.environments.map((e: RollupEnvironment) => e.entities),
    ).toEqual([1, 1, 1]);
    // Alan asking for growth's gets nothing he may not read.
    expect((await rollup('?owner=growth')).body.environments).toEqual([]);
    expect((await rollup('?environment=qa')).status).toBe(400);
    expect((await rollup('', asUser(NOBODY))).status).toBe(403);
    expect(
      (await request(server).get('/api/platform-status/rollup')).status,
    ).toBe(401);
  });

  it('refreshes behind its own permission, once per interval', async () => {
    const { server } = await startBackend();
    await waitForOverview(server, 6);
    const refresh = (name: string, auth: string) =>
      request(server)
        .post(`/api/platform-status/entities/component/default/${name}/refresh`)
        .set('authorization', auth);
    expect((await refresh('payments-api', asUser(VIEWER))).status).toBe(403);
    expect((await refresh('recommendations-api', asUser(ALAN))).status).toBe(
      404,
    );
    const first = await refresh('payments-api', asUser(ALAN));
    expect(first.status).toBe(200);
    expect(first.body.entityRef).toBe('component:default/payments-api');
    const second = await refresh('payments-api', asUser(ALAN));
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(50);
  });

  it('registers the read routes as read-only actions', async () => {
    const { actionsRegistry } = await startBackend();
    const result = await actionsRegistry.invoke({
      id: 'test:get-entity-platform-status',
      input: { entityRef: 'payments-api' },
      credentials: mockCredentials.user(ALAN),
    });
    expect(result.output).toMatchObject({
      entityRef: 'component:default/payments-api',
    });
    await expect(
      actionsRegistry.invoke({
        id: 'test:get-entity-platform-status',
        input: { entityRef: 'recommendations-api' },
        credentials: mockCredentials.user(ALAN),
      }),
    ).rejects.toThrow(/No entity component:default\/recommendations-api/);
    const list = await actionsRegistry.invoke({
      id: 'test:get-platform-status-overview',
      input: { environment: ['prod'], sort: 'name' },
      credentials: mockCredentials.user(VIEWER),
    });
    expect((list.output as any).items.map((r: any) => r.entityRef)).toEqual([
      'component:default/payments-api',
      'component:default/recommendations-api',
    ]);
    const { actions } = await actionsRegistry.list();
    expect(
      actions
        .filter(a => a.name.includes('platform-status'))
        .map(a => [a.name, a.attributes.readOnly]),
    ).toEqual([
      ['get-entity-platform-status', true],
      ['get-platform-status-overview', true],
    ]);
  });
});
