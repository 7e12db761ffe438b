import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { platformStatusPlugin } from '../plugin';
import { environmentsConfig } from '../__testUtils__/fixtures';
import {
  RecordedEvent,
  recordingAuditor,
} from '../__testUtils__/recordingAuditor';
import {
  ADA,
  ALAN,
  LINUS,
  MARGARET,
  TEAM_MEMBERSHIPS,
  TEAMS_CATALOG,
  recordingDelivery,
} from '../__testUtils__/teams';

jest.setTimeout(60_000);

/** Each app's own history ids, so that one entity's id is not another's. */
const HISTORY: Record<string, number[]> = {
  'payments-api': [11, 12],
  'recommendations-api': [21, 22],
};

interface ToolAnswer {
  isError?: boolean;
  text: string;
  output?: any;
}

/**
 * Platform status's actions as an AI agent reaches them: the MCP actions
 * backend (Streamable HTTP, as MCP clients speak it) in front of the
 * actions registry, with the real permission framework, Groundwork's policy
 * and the real catalog.
 */
describe('delivery actions through the MCP actions backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let mcpUrl: URL;
  const events: RecordedEvent[] = [];
  const delivery = recordingDelivery(HISTORY);
  const catalog = createTestCatalog(TEAMS_CATALOG);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        platformStatusPlugin,
        mcpActionsPlugin,
        delivery.feature,
        ...groundworkPermissionFeatures(TEAM_MEMBERSHIPS),
        recordingAuditor(events),
        schedulerServiceFactory,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['platform-status'] } },
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
    const { port } = backend.server.address() as AddressInfo;
    mcpUrl = new URL(`http://localhost:${port}/api/mcp-actions/v1`);
    await catalog.ready(backend.server);
    // Mirrored by the catalog sync, with the recording source's apps.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/platform-status/entities/component/default/payments-api')
        .set('authorization', mockCredentials.user.header(ADA));
      if (
        res.status === 200 &&
        res.body.environments[0].delivery.state === 'ok'
      )
        break;
      if (Date.now() > deadline)
        throw new Error('the entity or its delivery never showed');
      await sleep(200);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    catalog.remove();
  });

  /** An MCP client session with this Authorization header. */
  async function connect(authorization: string) {
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(mcpUrl, {
        requestInit: { headers: { authorization } },
      }),
    );
    return client;
  }

  async function callTool(
    authorization: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<ToolAnswer> {
    const client = await connect(authorization);
    try {
      const result = (await client.callTool({
        name: `platform-status.${name}`,
        arguments: args,
      })) as any;
      return {
        isError: result.isError,
        text: result.content?.[0]?.text ?? '',
        output: result.structuredContent,
      };
    } finally {
      await client.close();
    }
  }

  const as = (user: string) => mockCredentials.user.header(user);

  /** The REST route's answer to the same request, to compare refusals. */
  const viaRest = (
    authorization: string,
    entity: string,
    environment: string,
    kind: 'sync' | 'rollback',
    body?: object,
  ) =>
    request(backend.server)
      .post(
        `/api/platform-status/entities/component/default/${entity}/environments/${environment}/${kind}`,
      )
      .set('authorization', authorization)
      .send(body);

  it('lists the history as read-only and sync and rollback as what they are', async () => {
    const client = await connect(as(ALAN));
    const { tools } = await client.listTools();
    await client.close();
    const hints = Object.fromEntries(
      tools
        .filter(t => t.name.startsWith('platform-status.'))
        .map(t => [
          t.name,
          [
            t.annotations?.readOnlyHint,
            t.annotations?.destructiveHint,
            t.annotations?.idempotentHint,
          ],
        ]),
    );
    // [readOnly, destructive, idempotent]
    expect(hints).toEqual({
      'platform-status.get-entity-platform-status': [true, false, true],
      'platform-status.get-platform-status-overview': [true, false, true],
      'platform-status.get-deployment-history': [true, false, true],
      'platform-status.sync-environment': [false, false, true],
      'platform-status.rollback-environment': [false, true, false],
    });
    const rollback = tools.find(
      t => t.name === 'platform-status.rollback-environment',
    )!;
    expect(rollback.inputSchema.required).toEqual([
      'entityRef',
      'environment',
      'historyId',
    ]);
  });

  it('gives the deployment history to whoever may read the entity, as the route does', async () => {
    for (const who of [ALAN, MARGARET]) {
      const answer = await callTool(as(who), 'get-deployment-history', {
        entityRef: 'payments-api',
        environment: 'dev',
      });
      expect(answer.isError).toBeFalsy();
      expect(answer.output.entityRef).toBe('component:default/payments-api');
      expect(answer.output.items.map((i: any) => i.historyId)).toEqual([
        12, 11,
      ]);
      const rest = await request(backend.server)
        .get(
          '/api/platform-status/entities/component/default/payments-api/environments/dev/deployments',
        )
        .set('authorization', as(who));
      expect(answer.output).toEqual(rest.body);
    }
    const unknown = await callTool(as(ALAN), 'get-deployment-history', {
      entityRef: 'payments-api',
      environment: 'qa',
    });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^NotFoundError: .*no environment "qa"/);
  });

  it('lets owners, production groups and administrators act, refuses everyone else as the route does, and audits each attempt', async () => {
    delivery.actions.length = 0;
    events.length = 0;

    // Another team: the route's 403 and the action's refusal say the same.
    const other = await callTool(as(MARGARET), 'sync-environment', {
      entityRef: 'component:default/payments-api',
      environment: 'dev',
    });
    const otherRest = await viaRest(
      as(MARGARET),
      'payments-api',
      'dev',
      'sync',
    );
    expect(otherRest.status).toBe(403);
    expect(other).toEqual({
      isError: true,
      text: `NotAllowedError: ${otherRest.body.error.message}`,
      output: undefined,
    });
    expect(other.text).toContain('groundwork.entity.change');

    // The owner, on production: needs a production group.
    const prod = await callTool(as(ALAN), 'rollback-environment', {
      entityRef: 'payments-api',
      environment: 'prod',
      historyId: 11,
    });
    const prodRest = await viaRest(
      as(ALAN),
      'payments-api',
      'prod',
      'rollback',
      {
        historyId: 11,
      },
    );
    expect(prodRest.status).toBe(403);
    expect(prod.text).toBe(`NotAllowedError: ${prodRest.body.error.message}`);
    expect(prod.text).toContain('groundwork.permissions.productionGroups');
    expect(delivery.actions).toEqual([]);

    // Allowed: the owner in dev, production's group in prod, an administrator anywhere.
    const synced = await callTool(as(ALAN), 'sync-environment', {
      entityRef: 'payments-api',
      environment: 'dev',
    });
    expect(synced.isError).toBeFalsy();
    expect(synced.output).toEqual({
      entityRef: 'component:default/payments-api',
      environment: 'dev',
      action: 'sync',
      instance: 'fake',
      appName: 'payments-api-dev',
    });
    const rolledBack = await callTool(as(ALAN), 'rollback-environment', {
      entityRef: 'payments-api',
      environment: 'dev',
      historyId: 11,
    });
    expect(rolledBack.output).toMatchObject({
      action: 'rollback',
      historyId: 11,
    });
    expect(
      (
        await callTool(as(LINUS), 'rollback-environment', {
          entityRef: 'payments-api',
          environment: 'prod',
          historyId: 11,
        })
      ).isError,
    ).toBeFalsy();
    // In sre, but recommendations-api is not payments'.
    expect(
      (
        await callTool(as(LINUS), 'sync-environment', {
          entityRef: 'recommendations-api',
          environment: 'prod',
        })
      ).text,
    ).toContain('groundwork.entity.change');
    expect(
      (
        await callTool(as(ADA), 'sync-environment', {
          entityRef: 'recommendations-api',
          environment: 'prod',
        })
      ).isError,
    ).toBeFalsy();

    expect(delivery.actions).toEqual([
      'sync payments-api-dev',
      'rollback payments-api-dev to 11',
      'rollback payments-api-prod to 11',
      'sync recommendations-api-prod',
    ]);
    const audited = events
      .filter(e => e.eventId.startsWith('delivery-'))
      .map(e => [
        e.eventId,
        e.severityLevel,
        e.outcome,
        e.meta.via,
        e.meta.caller,
        e.meta.onBehalfOf,
        e.meta.environment,
      ]);
    expect(audited).toEqual([
      [
        'delivery-sync',
        'medium',
        'failed',
        'action',
        'plugin:mcp-actions',
        MARGARET,
        'dev',
      ],
      ['delivery-sync', 'medium', 'failed', 'rest', MARGARET, undefined, 'dev'],
      [
        'delivery-rollback',
        'high',
        'failed',
        'action',
        'plugin:mcp-actions',
        ALAN,
        'prod',
      ],
      ['delivery-rollback', 'high', 'failed', 'rest', ALAN, undefined, 'prod'],
      [
        'delivery-sync',
        'medium',
        'succeeded',
        'action',
        'plugin:mcp-actions',
        ALAN,
        'dev',
      ],
      [
        'delivery-rollback',
        'medium',
        'succeeded',
        'action',
        'plugin:mcp-actions',
        ALAN,
        'dev',
      ],
      [
        'delivery-rollback',
        'high',
        'succeeded',
        'action',
        'plugin:mcp-actions',
        LINUS,
        'prod',
      ],
      [
        'delivery-sync',
        'high',
        'failed',
        'action',
        'plugin:mcp-actions',
        LINUS,
        'prod',
      ],
      [
        'delivery-sync',
        'high',
        'succeeded',
        'action',
        'plugin:mcp-actions',
        ADA,
        'prod',
      ],
    ]);
  });

  it("refuses an attacker's tries: service tokens, another entity's history id, no token", async () => {
    delivery.actions.length = 0;
    events.length = 0;

    // A static external-access token (or any service) through MCP: the
    // permission framework would allow a service principal everything.
    const service = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:automation'),
      targetPluginId: 'mcp-actions',
    });
    const viaMcp = await callTool(service, 'rollback-environment', {
      entityRef: 'payments-api',
      environment: 'prod',
      historyId: 11,
    });
    expect(viaMcp.isError).toBe(true);
    expect(viaMcp.text).toMatch(
      /^NotAllowedError: external:automation may not rollback prod of component:default\/payments-api: only a signed-in person may/,
    );
    // The same token at the route, and a plugin's token at the actions
    // registry's own invoke endpoint, bypassing MCP.
    const restService = await viaRest(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('external:automation'),
        targetPluginId: 'platform-status',
      }),
      'payments-api',
      'prod',
      'rollback',
      { historyId: 11 },
    );
    expect(restService.status).toBe(403);
    expect(`NotAllowedError: ${restService.body.error.message}`).toBe(
      viaMcp.text,
    );
    const direct = await request(backend.server)
      .post(
        '/api/platform-status/.backstage/actions/v1/actions/platform-status:sync-environment/invoke',
      )
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'platform-status',
        }),
      )
      .send({ entityRef: 'payments-api', environment: 'dev' });
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toMatch(
      /^plugin:catalog may not sync dev/,
    );

    // The owner names a sync of another entity's app: refused before Argo CD.
    const foreign = await callTool(as(ALAN), 'rollback-environment', {
      entityRef: 'payments-api',
      environment: 'dev',
      historyId: HISTORY['recommendations-api'][0],
    });
    expect(foreign.text).toBe(
      "InputError: payments-api-dev has no recorded sync with history id 21; pick one from the environment's deployment history.",
    );
    // Nor can they act on that entity itself.
    expect(
      (
        await callTool(as(ALAN), 'rollback-environment', {
          entityRef: 'recommendations-api',
          environment: 'dev',
          historyId: 21,
        })
      ).text,
    ).toContain('groundwork.entity.change');
    // Nonsense ids are the schema's to refuse.
    const negative = await callTool(as(ALAN), 'rollback-environment', {
      entityRef: 'payments-api',
      environment: 'dev',
      historyId: -1,
    });
    expect(negative.isError).toBe(true);

    // No token at all: the MCP endpoint itself refuses.
    const anonymous = await request(backend.server)
      .post('/api/mcp-actions/v1')
      .set('accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(anonymous.status).toBe(401);

    expect(delivery.actions).toEqual([]);
    const refused = events.filter(e => e.eventId.startsWith('delivery-'));
    expect(refused.every(e => e.outcome === 'failed')).toBe(true);
    expect(refused.map(e => [e.meta.via, e.meta.caller])).toEqual([
      ['action', 'external:automation'],
      ['rest', 'external:automation'],
      ['action', 'plugin:catalog'],
      ['action', 'plugin:mcp-actions'],
      ['action', 'plugin:mcp-actions'],
    ]);
  });
});
