import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { ConfigReader } from '@backstage/config';
import { TaskLog } from './lines';
import { Redactor } from './redact';
import { budgetOf } from './budget';

const environments = readGroundworkEnvironments(
  new ConfigReader({
    groundwork: {
      environments: [
        { name: 'dev', monthlyBudget: 500 },
        { name: 'prod', monthlyBudget: 2000, production: true },
      ],
    },
  }),
);
const dev = environments.find('dev')!;
const prod = environments.find('prod')!;
const ctx = {
  getInitiatorCredentials: async () => mockCredentials.user(),
};

function component(budgets: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: { 'groundwork.dev/budgets': budgets },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

function taskLog() {
  const logger = mockServices.logger.mock();
  return { logger, log: new TaskLog(logger, new Redactor()) };
}

describe('budgetOf', () => {
  it("takes the entity's override for the environment", async () => {
    const catalog = catalogServiceMock({
      entities: [component('dev=150,prod=3000')],
    });
    const { log } = taskLog();
    const ref = 'component:default/payments-api';
    expect(await budgetOf(dev, ref, catalog, ctx, log)).toBe(150);
    expect(await budgetOf(prod, ref, catalog, ctx, log)).toBe(3000);
  });

  it('falls back to the environment budget, with a warning, when the override is not an amount', async () => {
    const catalog = catalogServiceMock({
      entities: [component('dev=lots,prod=-1')],
    });
    const { log, logger } = taskLog();
    const ref = 'component:default/payments-api';
    expect(await budgetOf(dev, ref, catalog, ctx, log)).toBe(500);
    expect(await budgetOf(prod, ref, catalog, ctx, log)).toBe(2000);
    const warnings = logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings).toEqual([
      expect.stringContaining('gives "lots" for dev'),
      expect.stringContaining('gives "-1" for prod'),
    ]);
  });

  it('uses the environment budget when the entity has no override or is not in the catalog yet', async () => {
    const catalog = catalogServiceMock({ entities: [component('prod=3000')] });
    const { log, logger } = taskLog();
    expect(
      await budgetOf(dev, 'component:default/payments-api', catalog, ctx, log),
    ).toBe(500);
    expect(
      await budgetOf(dev, 'component:default/invoice-api', catalog, ctx, log),
    ).toBe(500);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
