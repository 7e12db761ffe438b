import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import notificationsModuleSlack from '@backstage/plugin-notifications-backend-module-slack';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startBackendWithManualTasks } from '@groundwork/backend-test-utils';
import { SlackStandIn } from '@groundwork/stand-in-test-utils';
import { component, environmentsConfig } from '../__testUtils__/fixtures';
import { platformStatusPlugin } from '../plugin';
import { prodHealthArgoCd } from '../__testUtils__/prodHealthArgoCd';

// The Slack module builds its own client from config, with Slack's address
// fixed; the test points that real client (the module's own copy of
// @slack/web-api) at the stand-in, and turns its retries off so a refused
// call fails at once. Everything else is the published module.
jest.mock(
  require.resolve('@slack/web-api', {
    paths: [
      require('node:path').dirname(
        require.resolve('@backstage/plugin-notifications-backend-module-slack'),
      ),
    ],
  }),
  () => {
    const slackModule = require('node:path').dirname(
      require.resolve('@backstage/plugin-notifications-backend-module-slack'),
    );
    const actual = jest.requireActual(
      require.resolve('@slack/web-api', { paths: [slackModule] }),
    );
    class WebClient extends actual.WebClient {
      constructor(token: string, options: Record<string, unknown> = {}) {
        super(token, {
          ...options,
          slackApiUrl: process.env.GROUNDWORK_TEST_SLACK_API_URL,
          retryConfig: { retries: 0 },
        });
      }
    }
    return { ...actual, WebClient };
  },
);

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const people: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'slack.com/bot-notify': 'C0PAYMENTS' },
    },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/alice' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: {},
  },
];

describe.each(databases.eachSupportedId())(
  'platform-status alerts in Slack, through the notifications backend, on %p',
  databaseId => {
    it("posts to the owning team's channel when the portal configures Slack, and updates it on recovery", async () => {
      const slack = new SlackStandIn({
        token: 'xoxb-groundwork-test',
        channels: { C0PAYMENTS: { member: true } },
      });
      process.env.GROUNDWORK_TEST_SLACK_API_URL = await slack.start();
      const argo = prodHealthArgoCd();
      const backend = await startBackendWithManualTasks([
        platformStatusPlugin,
        notificationsPlugin,
        notificationsModuleSlack,
        argo.feature,
        mockServices.rootConfig.factory({
          data: {
            ...environmentsConfig,
            app: { baseUrl: 'https://portal.acme.example' },
            notifications: {
              processors: { slack: [{ token: 'xoxb-groundwork-test' }] },
            },
          },
        }),
        mockServices.database.factory({
          knex: await databases.init(databaseId),
        }),
        catalogServiceMock.factory({
          entities: [component('payments-api'), ...people],
        }),
      ]);
      try {
        const collect = async () => {
          await backend.runTask('platform-status-catalog-sync');
          await backend.runTask('platform-status-fake');
          await backend.runTask('platform-status-alerts');
        };
        await collect();
        expect(slack.messages).toEqual([]);

        argo.state.prodHealth = 'Degraded';
        await collect();
        // The processor sends after the notification is stored.
        await waitFor(() => slack.messages.length > 0);
        expect(slack.messages).toHaveLength(1);
        const [message] = slack.messages;
        expect(message).toMatchObject({
          channel: 'C0PAYMENTS',
          method: 'chat.postMessage',
        });
        expect(message.text).toBe(
          'payments-api in prod needs attention: degraded',
        );
        const posted = JSON.stringify(message.attachments);
        expect(posted).toContain('Argo CD reports the application Degraded.');
        expect(posted).toContain(
          'https://portal.acme.example/catalog/default/component/payments-api/platform-status',
        );

        argo.state.prodHealth = 'Healthy';
        await collect();
        await waitFor(() =>
          slack.messages.some(m => m.text?.includes('recovered')),
        );
        expect(slack.messages.map(m => m.text)).toContain(
          'payments-api in prod recovered',
        );
        slack.assertNoViolations();
      } finally {
        await backend.stop();
        await slack.stop();
      }
    });
  },
);

/** Waits for what another part of the backend does on its own (no timing asserted). */
async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
