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
import type { JsonObject } from '@backstage/types';
import { groundworkPermissionFeatures } from '@groundwork/backend-test-utils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import {
  RequestApplier,
  requestAppliersExtensionPoint,
  requestsServiceRef,
} from '@groundwork/plugin-requests-node';
import express from 'express';
import request from 'supertest';
import { requestsPlugin } from './plugin';

jest.setTimeout(60_000);

const ALAN = 'user:default/alan.turing'; // payments: asks
const RADIA = 'user:default/radia.perlman'; // security: approves
const ADA = 'user:default/ada.lovelace'; // platform: admin and approver
const MARGARET = 'user:default/margaret.hamilton'; // growth: neither
const MAE = 'user:default/mae.jemison'; // the person a request is about

const PEOPLE = {
  [ALAN]: ['group:default/payments'],
  [RADIA]: ['group:default/security'],
  [ADA]: ['group:default/platform'],
  [MARGARET]: ['group:default/growth'],
  [MAE]: ['group:default/payments'],
};

/** An applier that records what it applied and fails while `failing` is set. */
function recordingApplier() {
  const applied: string[] = [];
  const state = { failing: false };
  const applier: RequestApplier = {
    kind: 'team-access',
    async validate(payload: unknown) {
      const p = payload as { team?: unknown; person?: unknown };
      if (typeof p?.team !== 'string' || typeof p?.person !== 'string') {
        throw new InputError('payload needs a team and a person');
      }
      return { team: p.team, person: p.person } as JsonObject;
    },
    async describe(payload) {
      return {
        title: `Add ${payload.person} to ${payload.team}`,
        subject: String(payload.person),
        changes: [
          { system: 'github', target: `team ${payload.team} (member)` },
        ],
      };
    },
    async apply(req) {
      applied.push(req.id);
      if (state.failing) {
        return {
          changes: [
            {
              system: 'github',
              target: `team ${req.payload.team} (member)`,
              status: 'failed',
              detail: 'GitHub answered 502',
            },
          ],
        };
      }
      return {
        changes: [
          {
            system: 'github',
            target: `team ${req.payload.team} (member)`,
            status: 'done',
          },
        ],
      };
    },
  };
  return { applier, applied, state };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('requests on %s', databaseId => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let recorder: ReturnType<typeof recordingApplier>;

  beforeAll(async () => {
    recorder = recordingApplier();
    const knex = await databases.init(databaseId as TestDatabaseId);
    backend = await startTestBackend({
      features: [
        requestsPlugin,
        createBackendModule({
          pluginId: 'requests',
          moduleId: 'team-access',
          register(reg) {
            reg.registerInit({
              deps: { appliers: requestAppliersExtensionPoint },
              async init({ appliers }) {
                appliers.addApplier(recorder.applier);
              },
            });
          },
        }),
        // A plugin that asks for requests on a person's behalf, as
        // persona:onboard does from the scaffolder.
        createBackendPlugin({
          pluginId: 'scaffolder',
          register(reg) {
            reg.registerInit({
              deps: {
                requests: requestsServiceRef,
                router: coreServices.httpRouter,
                httpAuth: coreServices.httpAuth,
              },
              async init({ requests, router, httpAuth }) {
                const r = express.Router();
                r.use(express.json());
                r.post('/ask', async (req, res) => {
                  const credentials = await httpAuth.credentials(req, {
                    allow: ['user'],
                  });
                  res.json(
                    await requests.create(req.body, {
                      onBehalfOf: credentials,
                    }),
                  );
                });
                router.use(r);
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
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            groundwork: {
              permissions: {
                adminGroups: ['group:default/platform'],
                approverGroups: [
                  'group:default/security',
                  'group:default/platform',
                ],
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

  const as = (user: string) => mockCredentials.user.header(user);

  async function ask(team = 'payments', by = ALAN): Promise<GroundworkRequest> {
    const res = await request(backend.server)
      .post('/api/scaffolder/ask')
      .set('Authorization', as(by))
      .send({
        kind: 'team-access',
        reason: 'joins the team',
        payload: { team, person: MAE },
      });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('records who asked through a plugin, what it changes, and tells nobody else', async () => {
    const made = await ask();
    expect(made).toMatchObject({
      state: 'requested',
      requestedBy: ALAN,
      subject: MAE,
      title: `Add ${MAE} to payments`,
      approverGroups: ['group:default/security', 'group:default/platform'],
      changes: [
        {
          system: 'github',
          target: 'team payments (member)',
          status: 'pending',
        },
      ],
    });
    const mine = await request(backend.server)
      .get('/api/requests/requests')
      .set('Authorization', as(ALAN));
    expect(mine.body.items.map((r: GroundworkRequest) => r.id)).toContain(
      made.id,
    );
    expect(mine.body.canDecide).toBe(false);
    // Someone neither asking, nor concerned, nor approving sees nothing.
    const other = await request(backend.server)
      .get(`/api/requests/requests/${made.id}`)
      .set('Authorization', as(MARGARET));
    expect(other.status).toBe(404);
    const theirs = await request(backend.server)
      .get('/api/requests/requests')
      .set('Authorization', as(MARGARET));
    expect(theirs.body.items).toEqual([]);
  });

  it('lets nobody decide their own request, or one about themselves, even an approver', async () => {
    const own = await ask('security', RADIA);
    const res = await request(backend.server)
      .post(`/api/requests/requests/${own.id}/approve`)
      .set('Authorization', as(RADIA));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'asked for this request and cannot decide it',
    );
    const aboutMae = await ask();
    const byMae = await request(backend.server)
      .post(`/api/requests/requests/${aboutMae.id}/approve`)
      .set('Authorization', as(MAE));
    expect(byMae.status).toBe(403);
    expect(recorder.applied).not.toContain(own.id);
    expect(recorder.applied).not.toContain(aboutMae.id);
  });

  it('refuses a decision from someone outside the approver groups', async () => {
    const made = await ask();
    const res = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/approve`)
      .set('Authorization', as(MARGARET));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'groundwork.permissions.approverGroups',
    );
  });

  it('applies an approved request once, and keeps its history', async () => {
    const made = await ask();
    const res = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/approve`)
      .set('Authorization', as(RADIA))
      .send({ comment: 'ok for the launch' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'applied',
      decidedBy: RADIA,
      comment: 'ok for the launch',
      changes: [{ status: 'done' }],
    });
    expect(recorder.applied.filter(id => id === made.id)).toHaveLength(1);
    const again = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/approve`)
      .set('Authorization', as(ADA));
    expect(again.status).toBe(409);
    const detail = await request(backend.server)
      .get(`/api/requests/requests/${made.id}`)
      .set('Authorization', as(ALAN));
    expect(
      detail.body.events.map((e: { action: string; actor: string }) => [
        e.action,
        e.actor,
      ]),
    ).toEqual([
      ['requested', ALAN],
      ['approved', RADIA],
      ['applied', 'plugin:requests'],
    ]);
  });

  it('applies once when two approvers approve at the same moment', async () => {
    const made = await ask();
    const [a, b] = await Promise.all(
      [RADIA, ADA].map(user =>
        request(backend.server)
          .post(`/api/requests/requests/${made.id}/approve`)
          .set('Authorization', as(user)),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(recorder.applied.filter(id => id === made.id)).toHaveLength(1);
  });

  it('needs a reason to reject, and a rejected request stays unapplied', async () => {
    const made = await ask();
    const bare = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/reject`)
      .set('Authorization', as(RADIA));
    expect(bare.status).toBe(400);
    const res = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/reject`)
      .set('Authorization', as(RADIA))
      .send({ comment: 'not this quarter' });
    expect(res.body).toMatchObject({ state: 'rejected', decidedBy: RADIA });
    const late = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/approve`)
      .set('Authorization', as(ADA));
    expect(late.status).toBe(409);
    expect(recorder.applied).not.toContain(made.id);
  });

  it('keeps a request whose apply failed, with the reason, and applies it again', async () => {
    const made = await ask();
    recorder.state.failing = true;
    const failed = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/approve`)
      .set('Authorization', as(RADIA));
    recorder.state.failing = false;
    expect(failed.body).toMatchObject({
      state: 'failed',
      error: 'team payments (member): GitHub answered 502',
      changes: [{ status: 'failed' }],
    });
    const byRequester = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/apply`)
      .set('Authorization', as(ALAN));
    expect(byRequester.status).toBe(403);
    const retried = await request(backend.server)
      .post(`/api/requests/requests/${made.id}/apply`)
      .set('Authorization', as(ADA));
    expect(retried.body).toMatchObject({ state: 'applied' });
    expect(retried.body.error).toBeUndefined();
  });

  it('refuses a payload its applier refuses, and a kind nobody applies', async () => {
    const bad = await request(backend.server)
      .post('/api/requests/requests')
      .set('Authorization', as(ALAN))
      .send({ kind: 'team-access', reason: 'x', payload: { team: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('payload needs a team and a person');
    const unknown = await request(backend.server)
      .post('/api/requests/requests')
      .set('Authorization', as(ALAN))
      .send({ kind: 'org-owner', reason: 'x', payload: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(
      'installed kinds: team-access',
    );
  });

  it('answers only to people: a service token can neither ask nor decide', async () => {
    const made = await ask();
    for (const call of [
      request(backend.server)
        .post('/api/requests/requests')
        .send({
          kind: 'team-access',
          reason: 'x',
          payload: { team: 'payments', person: MAE },
        }),
      request(backend.server).post(`/api/requests/requests/${made.id}/approve`),
    ]) {
      const res = await call.set(
        'Authorization',
        mockCredentials.service.header(),
      );
      expect(res.status).toBe(403);
    }
    expect(recorder.applied).not.toContain(made.id);
  });
});
