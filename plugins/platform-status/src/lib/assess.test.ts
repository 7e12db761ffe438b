import {
  assessEnvironment,
  assessDelivery,
  inConfiguredOrder,
  worstEnvironment,
} from './assess';
import {
  NOW,
  environment,
  noAdmission,
  hoursAgo,
  paymentsApiStatus,
} from '../__testUtils__/fixtures';

const DAY = 24 * 3600_000;
const assess = (env = environment('dev', 0), staleAfterMs = DAY) =>
  assessEnvironment(env, { now: NOW, staleAfterMs });

describe('assessEnvironment', () => {
  it('calls an environment healthy only when a source reported and nothing fails', () => {
    const a = assess();
    expect(a.level).toBe('healthy');
    expect(a.cells.delivery).toEqual({
      level: 'not-configured',
      label: 'Not configured',
    });
    expect(a.reasons).toEqual([]);
  });

  it('never reads a source that is not configured or has no data as passing', () => {
    const a = assess(
      environment('dev', 0, {
        infrastructure: { state: 'no-data' },
        compliance: {
          state: 'no-data',
          score: null,
          failed: { critical: 0, high: 0, medium: 0, low: 0 },
          waived: 0,
          findings: [],
          admission: noAdmission,
        },
        cost: {
          estimatedMonthly: null,
          actualMonthToDate: null,
          budgetMonthly: 150,
          currency: 'USD',
          budgetUsed: null,
          estimateState: 'no-data',
          actualState: 'not-configured',
          trend: [],
        },
        asOf: null,
      }),
    );
    expect(a.level).toBe('unknown');
    expect(Object.values(a.cells).map(c => c.level)).toEqual([
      'not-configured',
      'no-data',
      'no-data',
      'no-data',
      // No cluster's policy reports are read (admission).
      'not-configured',
      // No Terraform state location is named (drift).
      'not-configured',
    ]);
    expect(a.reasons).toEqual(['No source has reported yet']);
  });

  it('fails on critical or high findings, a blocked run, Degraded health or an overrun budget', () => {
    const prod = paymentsApiStatus().environments[0];
    const a = assess(prod);
    expect(a.level).toBe('failing');
    expect(a.reasons).toEqual([
      'Over budget: 132% of the monthly budget',
      '1 critical failing',
    ]);
    expect(
      assess(
        environment('dev', 0, {
          infrastructure: { state: 'ok', result: 'blocked', asOf: hoursAgo(1) },
        }),
      ).cells.infrastructure,
    ).toMatchObject({ level: 'failing', label: 'Blocked by policy' });
    expect(
      assessDelivery({
        state: 'ok',
        healthStatus: 'Degraded',
        syncStatus: 'Synced',
      }),
    ).toMatchObject({ level: 'failing', label: 'Degraded, Synced' });
  });

  it('puts warnings, failed collections and stale data at risk, naming the error', () => {
    const staging = assess(paymentsApiStatus().environments[2]);
    expect(staging.level).toBe('at-risk');
    expect(staging.reasons).toEqual([
      'Near budget: 85% of the monthly budget',
      '1 medium failing',
    ]);

    const broken = assess(
      environment('dev', 0, {
        delivery: { state: 'error', error: 'connect ECONNREFUSED' },
        errors: [
          {
            source: 'cost',
            message: 'Cost Explorer throttled the request',
            at: hoursAgo(1),
          },
        ],
      }),
    );
    expect(broken.level).toBe('at-risk');
    expect(broken.cells.delivery.level).toBe('error');
    expect(broken.reasons).toEqual([
      'Delivery: connect ECONNREFUSED',
      'Cost: Cost Explorer throttled the request',
    ]);
  });

  it('marks data older than the threshold as stale, naming the old sources', () => {
    const old = environment('dev', 0, {
      infrastructure: {
        ...environment('dev', 0).infrastructure,
        asOf: hoursAgo(30),
      },
      asOf: hoursAgo(30),
    });
    const a = assess(old);
    expect(a.stale).toBe(true);
    expect(a.level).toBe('at-risk');
    expect(a.staleSources).toEqual([
      { source: 'infrastructure', asOf: hoursAgo(30) },
    ]);
    expect(assess(old, 48 * 3600_000).stale).toBe(false);
  });
});

describe('ordering', () => {
  it('orders environments as configured and picks the worst, later stage on a tie', () => {
    const envs = inConfiguredOrder(paymentsApiStatus().environments);
    expect(envs.map(e => e.name)).toEqual(['dev', 'staging', 'prod']);
    const assessed = envs.map(e => assess(e));
    expect(worstEnvironment(assessed)?.environment.name).toBe('prod');

    const allHealthy = [environment('dev', 0), environment('prod', 2)].map(e =>
      assess(e),
    );
    expect(worstEnvironment(allHealthy)?.environment.name).toBe('prod');
    expect(worstEnvironment([])).toBeUndefined();
  });
});
