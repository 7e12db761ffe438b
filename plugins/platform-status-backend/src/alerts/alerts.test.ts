import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startBackendWithManualTasks } from '@groundwork/backend-test-utils';
import request from 'supertest';
import { component, environmentsConfig } from '../__testUtils__/fixtures';
import { platformStatusPlugin } from '../plugin';
import { prodHealthArgoCd } from '../__testUtils__/prodHealthArgoCd';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** payments owns payments-api; alice is its member, bob is not. */
const people: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: ALICE }],
  },
  ...['alice', 'bob'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  })),
];

async function start(
  databaseId: (typeof databases)['supportedIds'][number],
  alerts: JsonObject = {},
) {
  const knex = await databases.init(databaseId);
  const argo = prodHealthArgoCd();
  const backend = await startBackendWithManualTasks([
    platformStatusPlugin,
    notificationsPlugin,
    argo.feature,
    mockServices.rootConfig.factory({
      data: {
        ...environmentsConfig,
        // The notifications backend makes its links absolute with it.
        app: { baseUrl: 'http://localhost:3000' },
        platformStatus: {
          alerts,
        },
      },
    }),
    mockServices.database.factory({ knex }),
    catalogServiceMock.factory({
      entities: [component('payments-api'), ...people],
    }),
  ]);
  const inbox = async (user: string) => {
    const res = await request(backend.server)
      .get('/api/notifications/notifications')
      .set('authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body.notifications as Array<{
      id: string;
      read?: string | null;
      payload: {
        title: string;
        description?: string;
        link?: string;
        severity?: string;
        topic?: string;
        scope?: string;
      };
    }>;
  };
  const collect = async () => {
    await backend.runTask('platform-status-catalog-sync');
    await backend.runTask('platform-status-fake');
  };
  const markRead = async (user: string, id: string) => {
    const res = await request(backend.server)
      .post('/api/notifications/notifications/update')
      .set('authorization', mockCredentials.user.header(user))
      .send({ ids: [id], read: true });
    expect(res.status).toBe(200);
  };
  return { backend, argo, inbox, collect, markRead };
}

describe.each(databases.eachSupportedId())(
  'platform-status alerts through the notifications backend, on %p',
  databaseId => {
    it('tells the owners once when prod degrades, again when it recovers, and again when it degrades anew', async () => {
      const { backend, argo, inbox, collect, markRead } = await start(
        databaseId,
      );
      await collect();
      await backend.runTask('platform-status-alerts');
      expect(await inbox(ALICE)).toEqual([]);

      argo.state.prodHealth = 'Degraded';
      await collect();
      await backend.runTask('platform-status-alerts');
      const [alert] = await inbox(ALICE);
      expect(alert.payload).toMatchObject({
        title: 'payments-api in prod needs attention: degraded',
        description: 'Argo CD reports the application Degraded.',
        link: '/catalog/default/component/payments-api/platform-status',
        severity: 'critical',
        topic: 'platform-status',
        scope: 'platform-status:component:default/payments-api:prod',
      });
      // Not a member of the owning group.
      expect(await inbox(BOB)).toEqual([]);

      // Still degraded: the next runs say nothing (a repeated notice with
      // the same scope would mark the read alert unread again).
      await markRead(ALICE, alert.id);
      await collect();
      await backend.runTask('platform-status-alerts');
      await backend.runTask('platform-status-alerts');
      const quiet = await inbox(ALICE);
      expect(quiet).toHaveLength(1);
      expect(quiet[0].read ?? null).not.toBeNull();

      argo.state.prodHealth = 'Healthy';
      await collect();
      await backend.runTask('platform-status-alerts');
      // The same scope: recovery replaces the alert in the inbox.
      const afterRecovery = await inbox(ALICE);
      expect(afterRecovery).toHaveLength(1);
      expect(afterRecovery[0].payload).toMatchObject({
        title: 'payments-api in prod recovered',
        severity: 'low',
      });

      argo.state.prodHealth = 'Missing';
      await collect();
      await backend.runTask('platform-status-alerts');
      const [again] = await inbox(ALICE);
      expect(again.payload.title).toBe(
        'payments-api in prod needs attention: degraded',
      );
      expect(again.read ?? null).toBeNull();
      await backend.stop();
    });

    it('sends only the digest when immediate notices are off', async () => {
      const { backend, argo, inbox, collect } = await start(databaseId, {
        immediate: false,
        digest: {
          schedule: { frequency: { hours: 24 }, timeout: { minutes: 5 } },
        },
      });
      argo.state.prodHealth = 'Degraded';
      await collect();
      await expect(backend.runTask('platform-status-alerts')).rejects.toThrow();
      await backend.runTask('platform-status-alerts-digest');
      const [digest] = await inbox(ALICE);
      expect(digest.payload).toMatchObject({
        title: 'Platform status: 1 environment needs attention',
        description:
          'payments-api (prod): Argo CD reports the application Degraded.',
        link: '/platform-status',
        scope: 'platform-status-digest:group:default/payments',
      });
      await backend.stop();
    });
  },
);
