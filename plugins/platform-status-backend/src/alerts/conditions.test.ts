import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { alertConditionsOf, describeCondition } from './conditions';

const healthy: OverviewRow = {
  entityRef: 'component:default/payments-api',
  kind: 'Component',
  owner: 'group:default/payments',
  environment: 'prod',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  infrastructureResult: 'applied',
  estimatedMonthly: 400,
  actualMonthToDate: 100,
  budgetMonthly: 500,
  budgetUsed: 0.8,
  complianceScore: 100,
  failed: { critical: 0, high: 1, medium: 0, low: 0 },
  asOf: '2026-12-07T10:00:00.000Z',
};

describe('alertConditionsOf', () => {
  it('finds nothing in a healthy environment with high findings under budget', () => {
    expect(alertConditionsOf(healthy)).toEqual([]);
  });

  it('names each failing condition in a fixed order', () => {
    expect(
      alertConditionsOf({
        ...healthy,
        healthStatus: 'Missing',
        driftResult: 'drifted',
        infrastructureResult: 'failed',
        failed: { ...healthy.failed, critical: 2 },
        budgetUsed: 1.25,
      }),
    ).toEqual([
      'degraded',
      'drifted',
      'infrastructure-failed',
      'critical-findings',
      'over-budget',
    ]);
  });

  it('treats exactly the budget, a blocked run and Progressing as not failing', () => {
    expect(
      alertConditionsOf({
        ...healthy,
        budgetUsed: 1,
        infrastructureResult: 'blocked',
        healthStatus: 'Progressing',
        driftResult: 'unknown',
      }),
    ).toEqual([]);
  });

  it('says what tripped the condition, with the figures', () => {
    const row = { ...healthy, budgetUsed: 1.25 };
    expect(describeCondition('over-budget', row, 'EUR')).toBe(
      'Over budget: 125 % of EUR 500 a month.',
    );
    expect(
      describeCondition(
        'critical-findings',
        { ...healthy, failed: { ...healthy.failed, critical: 1 } },
        'USD',
      ),
    ).toBe('1 critical compliance finding.');
  });
});
