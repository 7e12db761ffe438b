import { estimateOf, forecastMonthly, projectedMonthly } from './forecast';
import type { CostData, InfrastructureData } from './types';

const cost = (amount: number, periodStart: string, periodEnd: string) =>
  ({
    source: 'aws-cost-explorer',
    currency: 'USD',
    actualMonthToDate: amount,
    periodStart,
    periodEnd,
    trend: [],
  } as CostData);

describe('forecastMonthly', () => {
  it('scales month-to-date by the share of the month the period covers', () => {
    // 10 of November's 30 days.
    expect(
      forecastMonthly(cost(100, '2026-11-01', '2026-11-11T00:00:00.000Z')),
    ).toBeCloseTo(300);
    // 14 of February's 28 days.
    expect(forecastMonthly(cost(50, '2027-02-01', '2027-02-15'))).toBeCloseTo(
      100,
    );
  });

  it('does not scale beyond the month, nor an empty or inverted period', () => {
    expect(forecastMonthly(cost(900, '2026-11-01', '2026-12-05'))).toBe(900);
    expect(forecastMonthly(cost(42, '2026-11-01', '2026-11-01'))).toBe(42);
    expect(forecastMonthly(cost(42, '2026-11-05', '2026-11-01'))).toBe(42);
  });
});

describe('estimateOf', () => {
  const data = (result: 'applied' | 'blocked', withCost = true) =>
    ({
      run: {},
      trend: [],
      evaluation: {
        runId: 'r',
        result,
        finishedAt: '2026-11-20T10:00:00.000Z',
        compliance: {},
        cost: withCost ? { monthlyBefore: 100, monthlyAfter: 150 } : undefined,
      },
    } as unknown as InfrastructureData);

  it('takes the plan after an apply and the state before otherwise', () => {
    expect(estimateOf(data('applied'))).toBe(150);
    expect(estimateOf(data('blocked'))).toBe(100);
  });

  it('is null without an evaluated cost', () => {
    expect(estimateOf(undefined)).toBeNull();
    expect(estimateOf(data('applied', false))).toBeNull();
  });
});

describe('projectedMonthly', () => {
  it('takes the higher of estimate and forecast, null only when both are unknown', () => {
    expect(projectedMonthly(100, 250)).toBe(250);
    expect(projectedMonthly(300, 250)).toBe(300);
    expect(projectedMonthly(null, 80)).toBe(80);
    expect(projectedMonthly(0, null)).toBe(0);
    expect(projectedMonthly(null, null)).toBeNull();
  });
});
