import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { recordingAuditor } from '../__testUtils__/harness';
import { ACCESS_RECONCILE_TASK, createAccessRouter } from './router';
import { AccessStore } from './store';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SHA = 'a'.repeat(40);

describe.each(databases.eachSupportedId())('access routes on %s', id => {
  async function app(allowed: string[]) {
    const store = await AccessStore.create({
      getClient: async () => databases.init(id),
    });
    const scheduler = mockServices.scheduler.mock();
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: allowed.includes((r as any).permission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })),
    });
    const audit = recordingAuditor();
    const server = express()
      .use(
        createAccessRouter({
          store,
          scheduler,
          httpAuth: mockServices.httpAuth(),
          permissions,
          auditor: audit.auditor,
        }),
      )
      .use(mockErrorHandler());
    return { server, store, scheduler, events: audit.events };
  }

  it('refuses every route without its permission, and changes nothing', async () => {
    const { server, store, scheduler } = await app([]);
    const auth = {
      Authorization: mockCredentials.user.header('user:default/someone'),
    };
    expect(
      (
        await request(server)
          .get('/groundwork/access/reconciliations')
          .set(auth)
      ).status,
    ).toBe(403);
    expect(
      (await request(server).post('/groundwork/access/reconcile').set(auth))
        .status,
    ).toBe(403);
    const ack = await request(server)
      .post('/groundwork/access/acknowledgements')
      .set(auth)
      .send({ sha: SHA, reason: 'looks fine to me' });
    expect(ack.status).toBe(403);
    expect(ack.body.error.message).toContain('groundwork.access.acknowledge');
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
    expect(await store.acknowledged()).toEqual(new Set());
  });

  it('with the permissions: reports, triggers the scheduled task, records an audited acknowledgement', async () => {
    const { server, store, scheduler, events } = await app([
      'groundwork.access.reconciliation.read',
      'groundwork.access.reconcile',
      'groundwork.access.acknowledge',
    ]);
    const auth = {
      Authorization: mockCredentials.user.header('user:default/admin'),
    };
    await store.recordRun({
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      status: 'succeeded',
      reviewedSha: SHA,
      report: { errors: [] },
    });
    const reports = await request(server)
      .get('/groundwork/access/reconciliations')
      .set(auth);
    expect(reports.status).toBe(200);
    expect(reports.body.items).toEqual([
      expect.objectContaining({ status: 'succeeded', reviewedSha: SHA }),
    ]);

    const triggered = await request(server)
      .post('/groundwork/access/reconcile')
      .set(auth);
    expect(triggered.status).toBe(202);
    expect(scheduler.triggerTask).toHaveBeenCalledWith(ACCESS_RECONCILE_TASK);

    const bad = await request(server)
      .post('/groundwork/access/acknowledgements')
      .set(auth)
      .send({ sha: 'main', reason: 'looks fine to me' });
    expect(bad.status).toBe(400);
    const ack = await request(server)
      .post('/groundwork/access/acknowledgements')
      .set(auth)
      .send({ sha: SHA, reason: 'break-glass fix, reverted in #12' });
    expect(ack.status).toBe(201);
    expect(ack.body).toEqual({
      sha: SHA,
      acknowledgedBy: 'user:default/admin',
    });
    expect(await store.acknowledged()).toEqual(new Set([SHA]));
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'access-acknowledge',
        severityLevel: 'high',
        outcome: 'success',
      }),
    ]);
  });
});
