import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startBackendWithManualTasks,
  testComponent as component,
  testEnvironmentsConfig,
} from '@groundwork/backend-test-utils';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { CostExplorerStandIn } from '@groundwork/stand-in-test-utils';
import request from 'supertest';
import platformStatusModuleAwsCost from '.';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';

jest.setTimeout(60_000);

// The store itself is tested on both databases in the plugin's KnexStatusStore.test.ts.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const environments = readGroundworkEnvironments(
  new ConfigReader(testEnvironmentsConfig),
);

describe('AwsCostExplorerSource against the Cost Explorer stand-in', () => {
  const aws = new CostExplorerStandIn({
    accessKeyIds: ['AKIASTANDIN000000001'],
    pageSize: 2,
  });
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());

  const source = () =>
    new AwsCostExplorerSource({
      tagKey: 'groundwork:entity',
      region: 'us-east-1',
      endpoint: aws.url,
      metric: 'UnblendedCost',
      credentials: {
        accessKeyId: 'AKIASTANDIN000000001',
        secretAccessKey: 'stand-in-secret',
      },
    });

  it('asks once per cycle, grouped by tag and linked account, and follows pages', async () => {
    aws.setCosts([
      { tag: 'payments-api', account: '111111111111', amount: 10.5 },
      { tag: 'payments-api', account: '333333333333', amount: 400.25 },
      { tag: 'payments-api', account: '333333333333', amount: 0.25 },
      { tag: 'ledger', account: '333333333333', amount: 99 },
      { tag: '', account: '333333333333', amount: 5000 },
      { tag: 'payments-api', account: '999999999999', amount: 1 },
    ]);
    const result = await source().fetchMonthToDate({
      allocations: ['payments-api'],
      environments: environments.environments,
      now: new Date('2026-11-15T12:00:00Z'),
    });
    expect(result).toEqual({
      currency: 'USD',
      period: { start: '2026-11-01', end: '2026-11-16' },
      items: expect.arrayContaining([
        { allocation: 'payments-api', environment: 'dev', amount: 10.5 },
        { allocation: 'payments-api', environment: 'prod', amount: 400.5 },
      ]),
    });
    expect(result.items).toHaveLength(2);
    const calls = aws.calls.filter(c => c.status === 200);
    // Three groups match the account filter; two per page.
    expect(calls).toHaveLength(2);
    expect(calls[0].body).toEqual({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-16' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG', Key: 'groundwork:entity' },
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
      ],
      Filter: {
        Dimensions: {
          Key: 'LINKED_ACCOUNT',
          Values: ['111111111111', '222222222222', '333333333333'],
        },
      },
    });
    expect(calls[1].body.NextPageToken).toBe('2');
    aws.assertNoViolations();
  });

  it('feeds actuals into the store and shows a failed source as failed, keeping the last figures', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startBackendWithManualTasks([
      platformStatusPlugin,
      platformStatusModuleAwsCost,
      mockServices.rootConfig.factory({
        data: {
          ...testEnvironmentsConfig,
          platformStatus: {
            cost: {
              aws: {
                tagKey: 'groundwork:entity',
                endpoint: aws.url,
                accessKeyId: 'AKIASTANDIN000000001',
                secretAccessKey: 'stand-in-secret',
              },
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({
        entities: [
          component('payments-api', {
            annotations: {
              'groundwork.dev/cost-allocation': 'payments',
              'groundwork.dev/budgets': 'prod=600',
            },
          }),
        ],
      }),
    ]);
    const status = async () => {
      const res = await request(backend.server)
        .get('/api/platform-status/entities/component/default/payments-api')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as EntityStatusResponse;
    };
    await backend.runTask('platform-status-catalog-sync');
    aws.setCosts([{ tag: 'payments', account: '333333333333', amount: 300 }]);
    await backend.runTask('platform-status-cost-actuals');
    let prod = (await status()).environments[2];
    expect(prod.cost).toMatchObject({
      actualState: 'ok',
      actualMonthToDate: 300,
      budgetMonthly: 600,
    });
    expect(prod.cost.forecastMonthly).toBeGreaterThanOrEqual(300);
    expect(prod.cost.budgetUsed).toBeCloseTo(prod.cost.forecastMonthly! / 600);
    expect(prod.errors).toEqual([]);
    const dev = (await status()).environments[0];
    expect(dev.cost).toMatchObject({
      actualState: 'no-data',
      actualMonthToDate: null,
    });

    aws.inject({
      status: 400,
      type: 'AccessDeniedException',
      message: 'User is not authorized to perform: ce:GetCostAndUsage',
    });
    await backend.runTask('platform-status-cost-actuals');
    prod = (await status()).environments[2];
    expect(prod.cost).toMatchObject({
      actualState: 'error',
      actualMonthToDate: 300,
    });
    expect(prod.errors).toEqual([
      {
        source: 'cost',
        message: expect.stringMatching(
          /AccessDeniedException.*Give the backend's AWS identity ce:GetCostAndUsage/,
        ),
        at: expect.any(String),
      },
    ]);
    aws.assertNoViolations();
    await backend.stop();
  });
});
