import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { groundworkPermissionFeatures } from '@groundwork/backend-test-utils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import {
  RequestsService,
  requestsServiceRef,
} from '@groundwork/plugin-requests-node';
// The gate's end-to-end path needs the requests plugin beside this module,
// as a portal's backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import requestsPlugin from '@groundwork/plugin-requests-backend';
import {
  createTerraformStandIn,
  TerraformStandIn,
} from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import { runAction } from '../__testUtils__/runAction';
import {
  HIGH_PLAN,
  makeConfig,
  makeWorkspace,
  S3_BACKEND,
} from '../__testUtils__/setup';
import requestsModuleGovernance from '.';

jest.setTimeout(60_000);

const ENTITY = 'component:default/payments-api';
const ALAN = 'user:default/alan.turing'; // payments: asks
const MAE = 'user:default/mae.jemison'; // payments: owns the entity
const RADIA = 'user:default/radia.perlman'; // security: the approvers
const MARGARET = 'user:default/margaret.hamilton'; // growth: neither

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * The real requests backend with this module's appliers, on SQLite and
 * PostgreSQL; the terraform:apply gate reads what it holds in force
 * through requests-node's HTTP client, as in a portal.
 */
describe.each(databases.eachSupportedId())(
  'a waiver asked for, approved and read by the gate, on %s',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let gateRequests: RequestsService;
    let tf: TerraformStandIn;
    let ws: ReturnType<typeof makeWorkspace>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          requestsPlugin,
          requestsModuleGovernance,
          // The scaffolder, where terraform:apply gets its requests client.
          createBackendPlugin({
            pluginId: 'scaffolder',
            register(reg) {
              reg.registerInit({
                deps: { requests: requestsServiceRef },
                async init({ requests }) {
                  gateRequests = requests;
                },
              });
            },
          }),
          ...groundworkPermissionFeatures({
            [ALAN]: ['group:default/payments'],
            [MAE]: ['group:default/payments'],
            [RADIA]: ['group:default/security'],
            [MARGARET]: ['group:default/growth'],
          }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'payments-api', namespace: 'default' },
                spec: {
                  type: 'service',
                  lifecycle: 'production',
                  owner: 'group:default/payments',
                },
              },
            ],
          }),
          createServiceFactory({
            service: coreServices.database,
            deps: {},
            factory: () => ({ getClient: async () => knex }),
          }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              groundwork: {
                environments: [
                  { name: 'dev', monthlyBudget: 5000 },
                  { name: 'prod', production: true, monthlyBudget: 5000 },
                ],
                permissions: { approverGroups: ['group:default/security'] },
              },
            },
          }),
        ],
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });
    beforeEach(() => {
      tf = createTerraformStandIn({ plan: { file: HIGH_PLAN } });
      ws = makeWorkspace();
    });
    afterEach(() => {
      tf.remove();
      ws.remove();
    });

    const as = (user: string) => mockCredentials.user.header(user);
    const ask = (payload: object, by = ALAN) =>
      request(backend.server)
        .post('/api/requests/requests')
        .set('Authorization', as(by))
        .send({ kind: 'waiver', reason: 'the fix ships Friday', payload });
    const decide = (id: string, user: string) =>
      request(backend.server)
        .post(`/api/requests/requests/${id}/approve`)
        .set('Authorization', as(user))
        .send({ comment: 'ok until the fix' });
    // 04 in dev with a high threshold: GW-AWS-010 and GW-AWS-018 fail on
    // two instances, GW-AWS-004 on one bucket.
    const gate = () =>
      runAction({
        config: makeConfig({
          binary: tf.binary,
          pluginCacheDir: tf.pluginCacheDir,
          environments: { dev: { backend: S3_BACKEND, gateThreshold: 'high' } },
        }),
        workspace: ws.workspace,
        input: {
          workingDirectory: 'infra',
          entityRef: ENTITY,
          environment: 'dev',
          vars: { service_name: 'payments-api' },
        },
        requests: gateRequests,
      });

    it('blocks until the owners approve, then passes the gate', async () => {
      const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const refused = await ask({
        entityRef: ENTITY,
        environment: 'dev',
        rule: 'GW-AWS-9999',
        resource: 'aws_s3_bucket.usage',
        expiresAt,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /rule "GW-AWS-9999" is neither a rule of the Groundwork pack/,
      );

      const asked: GroundworkRequest[] = [];
      for (const [rule, resource] of [
        ['GW-AWS-004', 'aws_s3_bucket.usage'],
        ['GW-AWS-010', 'aws_instance.*'],
        ['GW-AWS-018', 'aws_instance.*'],
      ]) {
        const res = await ask({
          entityRef: ENTITY,
          environment: 'dev',
          rule,
          resource,
          expiresAt,
        });
        expect(res.status).toBe(201);
        asked.push(res.body);
      }
      expect(asked[0]).toMatchObject({
        state: 'requested',
        title: `Waive GW-AWS-004 for aws_s3_bucket.usage in ${ENTITY} (dev) until ${expiresAt}`,
        entityRef: ENTITY,
        environment: 'dev',
        expiresAt,
      });
      expect(asked[0].approverGroups).toContain('group:default/payments');

      // Asked, not approved: the gate applies none of it.
      const before = await gate();
      expect(before.error?.name).toBe('NotAllowedError');
      expect(before.log).not.toContain('Waived by request');

      // The requester may not decide; someone outside the owners and the
      // approvers may not either; another of the owners may, in dev.
      expect((await decide(asked[0].id, ALAN)).status).toBe(403);
      expect((await decide(asked[0].id, MARGARET)).status).toBe(403);
      for (const r of asked) {
        const approved = await decide(r.id, MAE);
        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({
          state: 'applied',
          decidedBy: MAE,
          changes: [
            expect.objectContaining({
              target: 'governance gate of dev',
              status: 'done',
            }),
          ],
        });
      }

      const after = await gate();
      expect(after.error).toBeUndefined();
      expect(after.outputs.result).toBe('applied');
      expect(after.log).toContain(
        `Waived by request ${asked[0].id} (approved by ${MAE}) until ${expiresAt}: GW-AWS-004 on aws_s3_bucket.usage.`,
      );
    });
  },
);
