import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import type { JsonObject } from '@backstage/types';
import { groundworkPermissionFeatures } from '@groundwork/backend-test-utils';
import {
  GroundworkRequest,
  WAIVER_REQUEST_KIND,
} from '@groundwork/plugin-requests-common';
import {
  RequestApplier,
  requestAppliersExtensionPoint,
  requestsServiceRef,
} from '@groundwork/plugin-requests-node';
import express from 'express';
import request from 'supertest';
import { requestsPlugin } from './plugin';
import { requestsClockServiceRef } from './service/clock';

jest.setTimeout(60_000);

const ALAN = 'user:default/alan.turing'; // payments: asks
const RADIA = 'user:default/radia.perlman'; // security: approves
const MARGARET = 'user:default/margaret.hamilton'; // growth: owns the ledger
const GRACE = 'user:default/grace.hopper'; // data: neither

const PEOPLE = {
  [ALAN]: ['group:default/payments'],
  [RADIA]: ['group:default/security'],
  [MARGARET]: ['group:default/growth'],
  [GRACE]: ['group:default/data'],
};

const HOUR = 3_600_000;

/**
 * A waiver applier as the governance module's: the entity's owners decide
 * it outside production; its effect ends with expiresAt, so no revoke.
 */
const waiverApplier: RequestApplier = {
  kind: WAIVER_REQUEST_KIND,
  async validate(payload: unknown) {
    const p = payload as Record<string, unknown>;
    for (const key of ['entityRef', 'environment', 'rule', 'expiresAt']) {
      if (typeof p?.[key] !== 'string') {
        throw new InputError(`a waiver needs ${key}`);
      }
    }
    return { resource: '*', ...(p as JsonObject) };
  },
  async describe(payload) {
    return {
      title: `Waive ${payload.rule} for ${payload.entityRef} in ${payload.environment}`,
      changes: [{ system: 'governance', target: String(payload.rule) }],
      entityRef: String(payload.entityRef),
      environment: String(payload.environment),
      expiresAt: String(payload.expiresAt),
      approverGroups:
        payload.environment === 'production'
          ? []
          : [String(payload.owner ?? 'group:default/growth')],
    };
  },
  async apply() {
    return {
      changes: [{ system: 'governance', target: 'rule', status: 'done' }],
    };
  },
};

/**
 * Temporary access whose revocation is checked the way GitHub's membership
 * is: `holdsAfter` revocations answer "still a member" before one holds.
 */
function accessApplier() {
  const revoked: string[] = [];
  const holdsAfter = new Map<string, number>();
  /** Revocations that wait until the test lets them go on. */
  const paused = new Map<string, Promise<void>>();
  const applier: RequestApplier = {
    kind: 'temporary-access',
    async validate(payload: unknown) {
      const p = payload as Record<string, unknown>;
      if (typeof p?.person !== 'string' || typeof p?.expiresAt !== 'string') {
        throw new InputError('temporary access needs a person and expiresAt');
      }
      return {
        person: p.person,
        environment: String(p.environment ?? 'staging'),
        expiresAt: p.expiresAt,
      };
    },
    async describe(payload) {
      return {
        title: `Write access for ${payload.person} to ${payload.environment}`,
        subject: String(payload.person),
        changes: [{ system: 'github', target: 'team ledger-write (member)' }],
        entityRef: 'system:default/ledger',
        environment: String(payload.environment),
        expiresAt: String(payload.expiresAt),
      };
    },
    async apply() {
      return {
        changes: [
          { system: 'github', target: 'team ledger-write', status: 'done' },
        ],
      };
    },
    async revoke(req) {
      revoked.push(req.id);
      await paused.get(req.id);
      const left = holdsAfter.get(req.id) ?? 0;
      if (left > 0) {
        holdsAfter.set(req.id, left - 1);
        return {
          verified: false,
          changes: [
            {
              system: 'github',
              target: 'team ledger-write',
              status: 'failed',
              detail: 'membership still answers 200',
            },
          ],
        };
      }
      return {
        verified: true,
        changes: [
          { system: 'github', target: 'team ledger-write', status: 'done' },
        ],
      };
    },
    async review({ requests }) {
      return requests.map(r => ({
        person: String(r.payload.person),
        system: 'system:default/ledger',
        environment: String(r.payload.environment),
        grant: 'github team acme/ledger-write (member)',
        via: { requestId: r.id },
        github: 'member' as const,
      }));
    },
  };
  return { applier, revoked, holdsAfter, paused };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'requests that expire on %s',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    const scheduler = mockServices.scheduler();
    const clock = { now: new Date('2026-12-07T12:00:00.000Z') };
    const sent: NotificationSendOptions[] = [];
    const access = accessApplier();

    const later = (hours: number) =>
      new Date(clock.now.getTime() + hours * HOUR).toISOString();
    const advance = (hours: number) => {
      clock.now = new Date(clock.now.getTime() + hours * HOUR);
    };
    const runJob = () => scheduler.triggerTask('requests-expiry');
    const as = (user: string) => mockCredentials.user.header(user);

    beforeAll(async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      backend = await startTestBackend({
        features: [
          requestsPlugin,
          createBackendModule({
            pluginId: 'requests',
            moduleId: 'test-appliers',
            register(reg) {
              reg.registerInit({
                deps: { appliers: requestAppliersExtensionPoint },
                async init({ appliers }) {
                  appliers.addApplier(waiverApplier);
                  appliers.addApplier(access.applier);
                },
              });
            },
          }),
          // The governance gate: reads what is in force with its own
          // credentials, through requests-node's HTTP client.
          createBackendPlugin({
            pluginId: 'gate',
            register(reg) {
              reg.registerInit({
                deps: {
                  requests: requestsServiceRef,
                  router: coreServices.httpRouter,
                  auth: coreServices.auth,
                },
                async init({ requests, router, auth }) {
                  const r = express.Router();
                  r.get('/in-force', async (req, res) => {
                    res.json(
                      await requests.inForce({
                        entityRef: String(req.query.entityRef),
                        credentials: await auth.getOwnServiceCredentials(),
                      }),
                    );
                  });
                  router.use(r);
                  router.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
                },
              });
            },
          }),
          ...groundworkPermissionFeatures(PEOPLE),
          createServiceFactory({
            service: coreServices.database,
            deps: {},
            factory: () => ({ getClient: async () => knex }),
          }),
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          createServiceFactory({
            service: requestsClockServiceRef,
            deps: {},
            factory: () => ({ now: () => clock.now }),
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              async send(options: NotificationSendOptions) {
                sent.push(options);
              },
            }),
          }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              groundwork: {
                permissions: {
                  adminGroups: ['group:default/platform'],
                  approverGroups: ['group:default/security'],
                },
                requests: {
                  maxDuration: { days: 30 },
                  environments: { production: { maxDuration: { hours: 8 } } },
                },
              },
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    async function ask(
      kind: string,
      payload: JsonObject,
      by = ALAN,
    ): Promise<request.Response> {
      return request(backend.server)
        .post('/api/requests/requests')
        .set('Authorization', as(by))
        .send({ kind, payload, reason: 'the fix ships next week' });
    }

    async function approved(
      kind: string,
      payload: JsonObject,
      approver = RADIA,
    ): Promise<GroundworkRequest> {
      const made = await ask(kind, payload);
      expect(made.status).toBe(201);
      const res = await request(backend.server)
        .post(`/api/requests/requests/${made.body.id}/approve`)
        .set('Authorization', as(approver));
      expect(res.body.state).toBe('applied');
      return res.body;
    }

    const waiver = (over: JsonObject = {}): JsonObject => ({
      entityRef: 'component:default/ledger',
      environment: 'staging',
      rule: 'GW-AWS-004',
      resource: 'aws_s3_bucket.*',
      expiresAt: later(48),
      ...over,
    });

    async function get(id: string, as_ = RADIA): Promise<GroundworkRequest> {
      const res = await request(backend.server)
        .get(`/api/requests/requests/${id}`)
        .set('Authorization', as(as_));
      expect(res.status).toBe(200);
      return res.body;
    }

    it('refuses an end in the past, beyond the maximum, or beyond its environment maximum', async () => {
      const past = await ask(
        WAIVER_REQUEST_KIND,
        waiver({ expiresAt: later(-1) }),
      );
      expect(past.status).toBe(400);
      expect(past.body.error.message).toContain('is not in the future');
      const far = await ask(
        WAIVER_REQUEST_KIND,
        waiver({ expiresAt: later(31 * 24) }),
      );
      expect(far.status).toBe(400);
      expect(far.body.error.message).toContain(
        'at most 30 days (groundwork.requests.maxDuration)',
      );
      const prod = await ask('temporary-access', {
        person: ALAN,
        environment: 'production',
        expiresAt: later(9),
      });
      expect(prod.status).toBe(400);
      expect(prod.body.error.message).toContain(
        'groundwork.requests.environments.production.maxDuration',
      );
      const ok = await ask('temporary-access', {
        person: ALAN,
        environment: 'production',
        expiresAt: later(8),
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        entityRef: 'system:default/ledger',
        environment: 'production',
        expiresAt: later(8),
      });
    });

    it('does not apply a request whose end passed while it waited, and the job ends it', async () => {
      const made = await ask(
        WAIVER_REQUEST_KIND,
        waiver({ expiresAt: later(1) }),
      );
      advance(1);
      const res = await request(backend.server)
        .post(`/api/requests/requests/${made.body.id}/approve`)
        .set('Authorization', as(RADIA));
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('Ask again with a new end');
      expect((await get(made.body.id)).state).toBe('requested');

      // The job ends it: nothing was applied, so nothing is revoked.
      await runJob();
      const ended = await get(made.body.id);
      expect(ended).toMatchObject({
        state: 'expired',
        endedAt: clock.now.toISOString(),
      });
      expect(ended.events!.map(e => e.action)).toEqual([
        'requested',
        'expired',
      ]);
      expect(
        sent.filter(
          x =>
            x.payload.link === `/requests/${made.body.id}` &&
            x.payload.title.startsWith('Expired: '),
        ),
      ).toHaveLength(1);
      await runJob();
      expect((await get(made.body.id)).events).toHaveLength(2);
    });

    it("lets the entity's owners decide a waiver outside production, and nobody else", async () => {
      const made = await ask(WAIVER_REQUEST_KIND, waiver());
      expect(made.body.approverGroups).toEqual([
        'group:default/security',
        'group:default/growth',
      ]);
      // The approvers of that request are told, the requester is not.
      expect(sent.at(-1)).toMatchObject({
        recipients: {
          entityRef: ['group:default/security', 'group:default/growth'],
          excludeEntityRef: ALAN,
        },
      });
      // An owner sees it among their requests, a non-member does not.
      const mine = await request(backend.server)
        .get('/api/requests/requests')
        .set('Authorization', as(MARGARET));
      expect(mine.body.items.map((r: GroundworkRequest) => r.id)).toContain(
        made.body.id,
      );
      expect(mine.body.canDecide).toBe(false);
      const theirs = await request(backend.server)
        .get('/api/requests/requests')
        .set('Authorization', as(GRACE));
      expect(theirs.body.items).toEqual([]);
      const refused = await request(backend.server)
        .post(`/api/requests/requests/${made.body.id}/approve`)
        .set('Authorization', as(GRACE));
      expect(refused.status).toBe(403);
      const byOwner = await request(backend.server)
        .post(`/api/requests/requests/${made.body.id}/approve`)
        .set('Authorization', as(MARGARET));
      expect(byOwner.status).toBe(200);
      expect(byOwner.body).toMatchObject({
        state: 'applied',
        decidedBy: MARGARET,
      });
      // Owning the entity does not make one an approver of other requests.
      const prod = await ask(
        WAIVER_REQUEST_KIND,
        waiver({ environment: 'production', expiresAt: later(4) }),
      );
      expect(prod.body.approverGroups).toEqual(['group:default/security']);
      const ownerInProd = await request(backend.server)
        .post(`/api/requests/requests/${prod.body.id}/approve`)
        .set('Authorization', as(MARGARET));
      expect(ownerInProd.status).toBe(403);
    });

    it('never lets the requester decide, even as one of the owners', async () => {
      const made = await ask(
        WAIVER_REQUEST_KIND,
        waiver({ owner: 'group:default/payments' }),
      );
      const res = await request(backend.server)
        .post(`/api/requests/requests/${made.body.id}/approve`)
        .set('Authorization', as(ALAN));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'asked for this request and cannot decide it',
      );
    });

    it('shows a waiver in force until its end, not after, even before the job sweeps it', async () => {
      const entityRef = 'component:default/billing';
      const w = await approved(
        WAIVER_REQUEST_KIND,
        waiver({ entityRef, expiresAt: later(2) }),
      );
      const inForce = () =>
        request(backend.server)
          .get(
            `/api/requests/in-force?entityRef=${entityRef}&environment=staging`,
          )
          .set('Authorization', mockCredentials.service.header());
      const now = await inForce();
      expect(now.status).toBe(200);
      expect(now.body).toEqual({
        waivers: [
          {
            requestId: w.id,
            entityRef,
            environment: 'staging',
            rule: 'GW-AWS-004',
            resource: 'aws_s3_bucket.*',
            expiresAt: w.expiresAt,
            reason: 'the fix ships next week',
            requestedBy: ALAN,
            approvedBy: RADIA,
            approvedAt: w.decidedAt,
          },
        ],
        budgets: [],
      });
      const throughTheClient = await request(backend.server).get(
        `/api/gate/in-force?entityRef=${entityRef}`,
      );
      expect(throughTheClient.status).toBe(200);
      expect(
        throughTheClient.body.waivers.map((x: any) => x.requestId),
      ).toEqual([w.id]);
      const otherEnv = await request(backend.server)
        .get(
          `/api/requests/in-force?entityRef=${entityRef}&environment=production`,
        )
        .set('Authorization', as(GRACE));
      expect(otherEnv.body.waivers).toEqual([]);
      const anonymous = await request(backend.server)
        .get(`/api/requests/in-force?entityRef=${entityRef}`)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);

      advance(2);
      expect((await inForce()).body.waivers).toEqual([]);
      expect((await get(w.id)).state).toBe('applied');
      await runJob();
      const swept = await get(w.id);
      expect(swept).toMatchObject({
        state: 'expired',
        endedAt: clock.now.toISOString(),
      });
      expect(swept.events!.map(e => e.action)).toEqual([
        'requested',
        'approved',
        'applied',
        'expired',
      ]);
    });

    it('tells the requester once a day ahead, revokes at the end, and retries a revocation that did not hold', async () => {
      const r = await approved('temporary-access', {
        person: ALAN,
        environment: 'staging',
        expiresAt: later(30),
      });
      const noticesFor = () =>
        sent.filter(
          s =>
            s.payload.link === `/requests/${r.id}` &&
            s.payload.title.startsWith('Ends '),
        );
      await runJob();
      expect(noticesFor()).toHaveLength(0);
      advance(7); // 23 hours left
      await runJob();
      await runJob();
      expect(noticesFor()).toHaveLength(1);
      expect(noticesFor()[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: ALAN },
      });
      expect(noticesFor()[0].payload.title).toMatch(
        /^Ends tomorrow at \d\d:\d\d UTC/,
      );

      access.holdsAfter.set(r.id, 1);
      advance(23);
      await runJob();
      const kept = await get(r.id);
      expect(kept.state).toBe('applied');
      expect(kept.revokeError).toContain('membership still answers 200');
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(1);
      // Not before its backoff.
      await runJob();
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(1);
      advance(0.05); // 3 minutes
      await runJob();
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(2);
      const ended = await get(r.id);
      expect(ended).toMatchObject({
        state: 'expired',
        endedAt: clock.now.toISOString(),
      });
      expect(ended.revokeError).toBeUndefined();
      expect(ended.events!.map(e => e.action)).toEqual([
        'requested',
        'approved',
        'applied',
        'expiry-notice',
        'revoke-failed',
        'expired',
      ]);
      // One failure is retried quietly; the approvers hear of none.
      expect(
        sent.filter(x => x.payload.title.startsWith('Still in force')),
      ).toEqual([]);
      // Ended is ended: later runs leave it alone.
      advance(1);
      await runJob();
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(2);
    });

    it('tells the approvers when access outlives its end after three attempts', async () => {
      const r = await approved('temporary-access', {
        person: ALAN,
        expiresAt: later(1),
      });
      access.holdsAfter.set(r.id, 3);
      advance(1);
      for (const minutes of [0, 1, 2, 4]) {
        advance(minutes / 60 + 0.001);
        await runJob();
      }
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(4);
      const escalations = sent.filter(
        x =>
          x.payload.link === `/requests/${r.id}` &&
          x.payload.title.startsWith('Still in force after 3'),
      );
      expect(escalations).toHaveLength(1);
      expect(escalations[0].recipients).toMatchObject({
        entityRef: ['group:default/security'],
      });
      expect((await get(r.id)).state).toBe('expired');
    });

    it('lets the requester or an approver end a request early, nobody else', async () => {
      const mine = await approved('temporary-access', {
        person: ALAN,
        expiresAt: later(20),
      });
      const byStranger = await request(backend.server)
        .post(`/api/requests/requests/${mine.id}/revoke`)
        .set('Authorization', as(GRACE));
      expect(byStranger.status).toBe(404);
      const byService = await request(backend.server)
        .post(`/api/requests/requests/${mine.id}/revoke`)
        .set('Authorization', mockCredentials.service.header());
      expect(byService.status).toBe(403);
      const byMe = await request(backend.server)
        .post(`/api/requests/requests/${mine.id}/revoke`)
        .set('Authorization', as(ALAN))
        .send({ comment: 'incident over' });
      expect(byMe.status).toBe(200);
      expect(byMe.body).toMatchObject({
        state: 'revoked',
        revokedBy: ALAN,
        endedAt: clock.now.toISOString(),
      });
      expect(access.revoked).toContain(mine.id);
      const again = await request(backend.server)
        .post(`/api/requests/requests/${mine.id}/revoke`)
        .set('Authorization', as(ALAN));
      expect(again.status).toBe(409);

      const waiting = await ask('temporary-access', {
        person: ALAN,
        expiresAt: later(20),
      });
      const notApplied = await request(backend.server)
        .post(`/api/requests/requests/${waiting.body.id}/revoke`)
        .set('Authorization', as(RADIA));
      expect(notApplied.status).toBe(409);

      // An approver takes it back; a failed revocation keeps it applied and
      // the job finishes it as revoked, by that approver.
      const theirs = await approved('temporary-access', {
        person: ALAN,
        expiresAt: later(20),
      });
      access.holdsAfter.set(theirs.id, 1);
      const first = await request(backend.server)
        .post(`/api/requests/requests/${theirs.id}/revoke`)
        .set('Authorization', as(RADIA));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: 'applied', revokedBy: RADIA });
      expect(first.body.revokeError).toContain('membership still answers 200');
      advance(0.05);
      await runJob();
      expect(await get(theirs.id)).toMatchObject({
        state: 'revoked',
        revokedBy: RADIA,
      });
    });

    it('revokes a request once while the job holds it, whoever else asks', async () => {
      const r = await approved('temporary-access', {
        person: ALAN,
        expiresAt: later(1),
      });
      let release = () => {};
      access.paused.set(
        r.id,
        new Promise<void>(resolve => {
          release = resolve;
        }),
      );
      advance(1);
      const job = runJob();
      // Wait until the job is inside the applier's revoke.
      while (!access.revoked.includes(r.id)) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      const meanwhile = await request(backend.server)
        .post(`/api/requests/requests/${r.id}/revoke`)
        .set('Authorization', as(RADIA));
      expect(meanwhile.status).toBe(409);
      expect(meanwhile.body.error.message).toContain(
        'is being revoked already',
      );
      release();
      await job;
      expect(access.revoked.filter(id => id === r.id)).toHaveLength(1);
      expect(await get(r.id)).toMatchObject({ state: 'expired' });
      expect((await get(r.id)).revokedBy).toBeUndefined();
    });

    it('shows the access review to approvers only, with the end of grants made by request', async () => {
      const r = await approved('temporary-access', {
        person: ALAN,
        environment: 'production',
        expiresAt: later(4),
      });
      const refused = await request(backend.server)
        .get('/api/requests/access-review')
        .set('Authorization', as(MARGARET));
      expect(refused.status).toBe(403);
      const res = await request(backend.server)
        .get('/api/requests/access-review')
        .set('Authorization', as(RADIA));
      expect(res.status).toBe(200);
      expect(res.body.generatedAt).toBe(clock.now.toISOString());
      expect(
        res.body.entries.find(
          (e: { via: { requestId?: string } }) => e.via.requestId === r.id,
        ),
      ).toMatchObject({
        person: ALAN,
        environment: 'production',
        since: r.appliedAt,
        until: r.expiresAt,
      });
      // Ended requests are no longer anyone's access.
      for (const e of res.body.entries) {
        expect((await get(e.via.requestId)).state).toBe('applied');
      }
    });
  },
);
