import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { testComponent as component } from '@groundwork/backend-test-utils';
import { argoCdLabelsFor } from '@groundwork/plugin-groundwork-common';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { argoApp, startStatusBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const healthy = (revision: string) => ({
  sync: { status: 'Synced', revision },
  health: { status: 'Healthy' },
  history: [
    { id: 1, revision: 'aaa', deployedAt: '2026-11-19T08:00:00Z' },
    { id: 2, revision, deployedAt: '2026-11-20T09:00:00Z' },
  ],
});

describe.each(databases.eachSupportedId())(
  'the Argo CD collector in platform status on %p',
  id => {
    const nonprod = new ArgoCdStandIn();
    const prod = new ArgoCdStandIn();
    beforeAll(async () => {
      await nonprod.start();
      await prod.start();
    });
    afterAll(async () => {
      await nonprod.stop();
      await prod.stop();
    });

    it('lists each instance once per cycle, and a failing one does not blank the others', async () => {
      const knex = await databases.init(id);
      const backend = await startStatusBackend({
        knex,
        entities: [
          component('payments-api'),
          // Its prod app predates argocd:create-app and carries no labels.
          component('legacy-billing', {
            annotations: { 'groundwork.dev/argocd-apps': 'prod=billing' },
          }),
        ],
        argocd: {
          instances: [
            {
              name: 'nonprod',
              url: nonprod.url,
              token: 'argocd-test-token',
              uiUrl: 'https://argocd.nonprod.example.com',
            },
            {
              name: 'prod',
              url: prod.url,
              token: 'argocd-test-token',
              uiUrl: 'https://argocd.example.com',
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      const ref = 'component:default/payments-api';
      nonprod.seedApplication(
        argoApp('payments-api-dev', argoCdLabelsFor(ref, 'dev')),
        { status: healthy('c0ffee1'), rollout: [] },
      );
      nonprod.seedApplication(argoApp('someone-elses-app'), {
        status: healthy('beef'),
        rollout: [],
      });
      prod.seedApplication(
        argoApp('payments-api', argoCdLabelsFor(ref, 'prod')),
        {
          status: {
            sync: { status: 'OutOfSync', revision: 'c0ffee2' },
            health: { status: 'Degraded' },
          },
          rollout: [],
        },
      );
      prod.seedApplication(argoApp('billing'), {
        status: healthy('d00d'),
        rollout: [],
      });

      await backend.run('argocd');

      const lists = (standIn: ArgoCdStandIn) =>
        standIn.callsTo('ApplicationService_List');
      expect(lists(nonprod)).toHaveLength(1);
      expect(lists(nonprod)[0].query).toEqual({
        selector: ['groundwork.dev/entity-name,groundwork.dev/environment'],
      });
      // An annotated app lives there: the one call lists every app.
      expect(lists(prod)).toHaveLength(1);
      expect(lists(prod)[0].query).toEqual({});

      let status = await backend.status('payments-api');
      const [dev, staging, prodEnv] = status.environments;
      expect(dev.delivery).toMatchObject({
        state: 'ok',
        instance: 'nonprod',
        appName: 'payments-api-dev',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'c0ffee1',
        lastDeployedAt: '2026-11-20T09:00:00Z',
        url: 'https://argocd.nonprod.example.com/applications/argocd/payments-api-dev',
      });
      expect(staging.delivery).toMatchObject({
        state: 'no-data',
        instance: 'nonprod',
      });
      expect(prodEnv.delivery).toMatchObject({
        state: 'ok',
        syncStatus: 'OutOfSync',
        healthStatus: 'Degraded',
      });
      const legacy = await backend.status('legacy-billing');
      expect(legacy.environments[2].delivery).toMatchObject({
        state: 'ok',
        appName: 'billing',
        revision: 'd00d',
      });

      // prod's token is revoked; nonprod moves on.
      prod.revokeToken('argocd-test-token');
      nonprod.seedApplication(
        argoApp('payments-api-staging', argoCdLabelsFor(ref, 'staging')),
        { status: healthy('c0ffee3'), rollout: [] },
      );
      await backend.run('argocd');
      status = await backend.status('payments-api');
      expect(status.environments[1].delivery).toMatchObject({
        state: 'ok',
        revision: 'c0ffee3',
      });
      expect(status.environments[2].delivery).toMatchObject({
        // Last known data stays, marked as failed, with the reason.
        state: 'error',
        healthStatus: 'Degraded',
        error: expect.stringMatching(
          /Argo CD instance "prod" answered 401.*argocd account generate-token/,
        ),
      });
      expect(status.environments[2].errors).toEqual([
        expect.objectContaining({ source: 'delivery' }),
      ]);
      expect(status.environments[0].errors).toEqual([]);

      nonprod.assertNoViolations();
      await backend.stop();
    });

    it('keeps each sync with its commit and images, reading a commit once per new revision', async () => {
      const knex = await databases.init(id);
      const argocd = new ArgoCdStandIn();
      await argocd.start();
      const backend = await startStatusBackend({
        knex,
        entities: [component('payments-api')],
        argocd: {
          instances: [
            { name: 'nonprod', url: argocd.url, token: 'argocd-test-token' },
          ],
        },
      });
      await backend.run('catalog-sync');
      const ref = 'component:default/payments-api';
      const [r1, r2, r3] = ['1', '2', '3'].map(c => c.repeat(40));
      const source = {
        repoURL: 'https://github.com/groundwork-demo/deploy',
        path: 'apps/payments-api-dev',
        targetRevision: 'main',
      };
      const history = [
        {
          id: 1,
          revision: r1,
          deployStartedAt: '2026-11-19T08:00:00Z',
          deployedAt: '2026-11-19T08:01:00Z',
          source,
          initiatedBy: { automated: true },
        },
        {
          id: 2,
          revision: r2,
          deployStartedAt: '2026-11-20T09:00:00Z',
          deployedAt: '2026-11-20T09:02:00Z',
          source,
          initiatedBy: { username: 'jane' },
        },
      ];
      const app = argoApp('payments-api-dev', argoCdLabelsFor(ref, 'dev'));
      argocd.seedRevision(r2, {
        author: 'Jane Doe <jane@example.com>',
        date: '2026-11-20T08:55:00Z',
        message: 'Bump payments-api to 1.4.2',
        tags: ['v1.4.2'],
      });
      argocd.seedApplication(app, {
        rollout: [],
        status: {
          sync: { status: 'Synced', revision: r2 },
          health: { status: 'Healthy' },
          history,
          summary: { images: ['ghcr.io/acme/payments-api:1.4.2'] },
          operationState: {
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            startedAt: '2026-11-20T09:00:00Z',
            finishedAt: '2026-11-20T09:02:00Z',
            syncResult: { revision: r2 },
          },
        },
      });
      const rows = () =>
        knex('platform_status_deployments')
          .where({ entity_ref: ref, environment: 'dev' })
          .orderBy('sort_at', 'desc')
          .select();

      await backend.run('argocd');
      // One commit read: the current revision's; r1 predates collection.
      expect(
        argocd
          .callsTo('ApplicationService_RevisionMetadata')
          .map(c => [c.path, c.query, c.status]),
      ).toEqual([
        [
          `/api/v1/applications/payments-api-dev/revisions/${r2}/metadata`,
          { appNamespace: ['argocd'], project: ['default'] },
          200,
        ],
      ]);
      let stored = await rows();
      expect(stored).toHaveLength(2);
      expect(stored[0]).toMatchObject({
        origin: 'nonprod',
        app_name: 'payments-api-dev',
        deployment_key: '2026-11-20T09:00:00Z',
        revision: r2,
        repo_url: 'https://github.com/groundwork-demo/deploy',
        started_at: '2026-11-20T09:00:00Z',
        finished_at: '2026-11-20T09:02:00Z',
        result: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        initiated_by: 'jane',
      });
      expect(Number(stored[0].history_id)).toBe(2);
      expect(JSON.parse(stored[0].commit)).toEqual({
        author: 'Jane Doe <jane@example.com>',
        date: '2026-11-20T08:55:00Z',
        message: 'Bump payments-api to 1.4.2',
        tags: ['v1.4.2'],
      });
      expect(JSON.parse(stored[0].images)).toEqual([
        'ghcr.io/acme/payments-api:1.4.2',
      ]);
      expect(stored[1]).toMatchObject({
        revision: r1,
        initiated_by: 'automated',
        commit: null,
      });

      // The route the entity page reads, newest first, with a diff link
      // from the sync before.
      const served = await request(backend.server)
        .get(
          '/api/platform-status/entities/component/default/payments-api/environments/dev/deployments',
        )
        .set('authorization', mockCredentials.user.header());
      expect(served.status).toBe(200);
      expect(served.body).toEqual({
        entityRef: ref,
        environment: 'dev',
        items: [
          {
            key: '2026-11-20T09:00:00Z',
            instance: 'nonprod',
            appName: 'payments-api-dev',
            historyId: 2,
            revision: r2,
            repoUrl: 'https://github.com/groundwork-demo/deploy',
            diffUrl: `https://github.com/groundwork-demo/deploy/compare/${r1}...${r2}`,
            startedAt: '2026-11-20T09:00:00Z',
            finishedAt: '2026-11-20T09:02:00Z',
            result: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            initiatedBy: 'jane',
            commit: {
              author: 'Jane Doe <jane@example.com>',
              date: '2026-11-20T08:55:00Z',
              message: 'Bump payments-api to 1.4.2',
              tags: ['v1.4.2'],
            },
            images: ['ghcr.io/acme/payments-api:1.4.2'],
          },
          expect.objectContaining({ historyId: 1, revision: r1 }),
        ],
      });
      expect(served.body.items[1].diffUrl).toBeUndefined();

      // Nothing changed: no commit read, nothing rewritten.
      await backend.run('argocd');
      expect(
        argocd.callsTo('ApplicationService_RevisionMetadata'),
      ).toHaveLength(1);

      // A sync to r3 fails: Argo CD keeps it in operationState only. The
      // deployed revision did not change, so no commit is read.
      argocd.seedApplication(app, {
        rollout: [],
        status: {
          sync: { status: 'OutOfSync', revision: r2 },
          health: { status: 'Healthy' },
          history,
          summary: { images: ['ghcr.io/acme/payments-api:1.4.2'] },
          operationState: {
            phase: 'Failed',
            message: 'one or more objects failed to apply',
            startedAt: '2026-11-21T10:00:00Z',
            finishedAt: '2026-11-21T10:00:30Z',
            operation: {
              sync: { revision: r3 },
              initiatedBy: { username: 'jane' },
            },
          },
        },
      });
      await backend.run('argocd');
      expect(
        argocd.callsTo('ApplicationService_RevisionMetadata'),
      ).toHaveLength(1);
      stored = await rows();
      expect(stored.map(r => [r.revision, r.result])).toEqual([
        [r3, 'Failed'],
        [r2, 'Succeeded'],
        [r1, 'Succeeded'],
      ]);
      expect(stored[0]).toMatchObject({
        history_id: null,
        message: 'one or more objects failed to apply',
      });
      // The commit and images stay with the sync that had them.
      expect(JSON.parse(stored[1].commit).message).toBe(
        'Bump payments-api to 1.4.2',
      );
      expect(stored[1].images).not.toBeNull();

      // Argo CD keeps 10 entries; the store keeps the newest 50.
      const many = Array.from({ length: 60 }, (_, i) => ({
        id: i + 10,
        revision: r1,
        deployStartedAt: new Date(Date.UTC(2026, 10, 22, 0, i)).toISOString(),
        deployedAt: new Date(Date.UTC(2026, 10, 22, 0, i, 30)).toISOString(),
        source,
      }));
      argocd.seedApplication(app, {
        rollout: [],
        status: {
          sync: { status: 'Synced', revision: r1 },
          health: { status: 'Healthy' },
          history: many,
        },
      });
      await backend.run('argocd');
      stored = await rows();
      expect(stored).toHaveLength(50);
      expect(stored[0].deployment_key).toBe(many[59].deployStartedAt);
      expect(
        argocd.callsTo('ApplicationService_RevisionMetadata'),
      ).toHaveLength(2);
      argocd.assertNoViolations();
      await backend.stop();
      await argocd.stop();
    });

    it('syncs and rolls back an environment through Argo CD with the bodies its swagger defines, and says why Argo CD refused', async () => {
      const knex = await databases.init(id);
      const argocd = new ArgoCdStandIn();
      await argocd.start();
      const backend = await startStatusBackend({
        knex,
        entities: [component('payments-api')],
        argocd: {
          instances: [
            { name: 'nonprod', url: argocd.url, token: 'argocd-test-token' },
          ],
        },
      });
      await backend.run('catalog-sync');
      const ref = 'component:default/payments-api';
      const [r1, r2] = ['1', '2'].map(c => c.repeat(40));
      const source = {
        repoURL: 'https://github.com/groundwork-demo/deploy',
        path: 'apps/payments-api-dev',
        targetRevision: 'main',
      };
      const app = argoApp('payments-api-dev', argoCdLabelsFor(ref, 'dev'));
      argocd.seedApplication(app, {
        rollout: [],
        status: {
          sync: { status: 'Synced', revision: r2 },
          health: { status: 'Healthy' },
          history: [
            {
              id: 1,
              revision: r1,
              deployStartedAt: '2026-11-19T08:00:00Z',
              deployedAt: '2026-11-19T08:01:00Z',
              source,
            },
            {
              id: 2,
              revision: r2,
              deployStartedAt: '2026-11-20T09:00:00Z',
              deployedAt: '2026-11-20T09:02:00Z',
              source,
            },
          ],
        },
      });
      await backend.run('argocd');
      const post = (action: string, body?: object) =>
        request(backend.server)
          .post(
            `/api/platform-status/entities/component/default/payments-api/environments/dev/${action}`,
          )
          .set('authorization', mockCredentials.user.header())
          .send(body);

      const rolled = await post('rollback', { historyId: 1 });
      expect(rolled.status).toBe(202);
      expect(rolled.body).toEqual({
        entityRef: ref,
        environment: 'dev',
        action: 'rollback',
        instance: 'nonprod',
        appName: 'payments-api-dev',
        historyId: 1,
      });
      expect(argocd.callsTo('ApplicationService_Rollback')[0].body).toEqual({
        name: 'payments-api-dev',
        id: 1,
        appNamespace: 'argocd',
        project: 'default',
      });
      // The operation runs: Argo CD refuses another one, said as a conflict.
      const busy = await post('sync');
      expect(busy.status).toBe(409);
      expect(busy.body.error.message).toMatch(
        /Argo CD is already running an operation on payments-api-dev/,
      );
      expect(argocd.callsTo('ApplicationService_Sync')[0].body).toEqual({
        name: 'payments-api-dev',
        appNamespace: 'argocd',
        project: 'default',
      });
      // A history id the environment never had is refused before Argo CD.
      const unknown = await post('rollback', { historyId: 99 });
      expect(unknown.status).toBe(400);
      expect(argocd.callsTo('ApplicationService_Rollback')).toHaveLength(1);
      expect((await post('rollback', { historyId: 'one' })).status).toBe(400);

      // The rollback finishes; the status shows it after a refresh of the
      // entity the route triggered, then a sync goes through.
      for (let i = 0; i < 3; i++) argocd.advance('payments-api-dev');
      // Argo CD then compares the app with its target again (OutOfSync, and
      // status.sync.revision is the target's): what runs is r1, the revision
      // of the rollback's own history entry.
      await backend.run('argocd');
      const rolledBack = await backend.status('payments-api');
      expect(rolledBack.environments[0].delivery).toMatchObject({
        syncStatus: 'OutOfSync',
        revision: r1,
      });
      expect(
        argocd.application('payments-api-dev')!.status.sync.revision,
      ).not.toBe(r1);
      expect((await post('sync')).status).toBe(202);
      await backend.run('argocd');
      const status = await backend.status('payments-api');
      expect(status.environments[0].delivery).toMatchObject({
        automatedSync: false,
        operationPhase: expect.any(String),
      });

      // Automated sync on: Argo CD refuses rollbacks, and the page is told why.
      argocd.seedApplication(
        { ...app, spec: { ...app.spec, syncPolicy: { automated: {} } } },
        { rollout: [], status: argocd.application('payments-api-dev')!.status },
      );
      await backend.run('argocd');
      const refused = await post('rollback', { historyId: 2 });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /has automated sync on, so Argo CD refuses a rollback/,
      );

      // Argo CD's RBAC refuses the portal's account.
      argocd.deny({ resource: 'applications', action: 'sync' });
      const denied = await post('sync');
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(
        /Argo CD refused the portal's own account/,
      );
      argocd.assertNoViolations();
      await backend.stop();
      await argocd.stop();
    });
  },
);
