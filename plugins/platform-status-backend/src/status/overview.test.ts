import { mirrorEntity } from '../catalog/entitySettings';
import { component, environments, report } from '../__testUtils__/fixtures';
import { StatusContext, buildEntityStatus } from './buildEntityStatus';
import { overviewRecordsOf } from './overview';
import { infrastructureRunChanges } from './runSnapshot';
import type { CostData, SnapshotRecord } from './types';

const ctx: StatusContext = {
  environments,
  argocd: { instances: new Set() },
  costSourceFor: () => 'aws-cost-explorer',
  admissionClusterFor: () => undefined,
  collection: () => undefined,
};

/** The infrastructure snapshot a report would be stored as. */
function infrastructure(r = report()): SnapshotRecord {
  const [write] = infrastructureRunChanges(undefined, r, {
    trendPoints: 5,
    recordedAt: r.finishedAt,
  }).writes;
  return {
    environment: write.environment,
    source: 'infrastructure',
    asOf: write.asOf,
    data: JSON.parse(write.data),
    findingsJson: write.findings ?? undefined,
  };
}

function actual(environment: string, amount: number): SnapshotRecord {
  const data: CostData = {
    source: 'aws-cost-explorer',
    currency: 'USD',
    actualMonthToDate: amount,
    periodStart: '2026-11-01',
    periodEnd: '2026-11-16',
    trend: [],
  };
  return { environment, source: 'cost', asOf: '2026-11-16', data };
}

describe('overviewRecordsOf', () => {
  const entity = mirrorEntity(
    component('payments-api', { system: 'payments-platform' }),
    environments,
  );

  it('has one row per shown environment, in their configured order', () => {
    const status = buildEntityStatus(entity, [], ctx);
    const records = overviewRecordsOf(entity, status);
    expect(records.map(r => [r.row.environment, r.order])).toEqual([
      ['dev', 0],
      ['staging', 1],
      ['prod', 2],
    ]);
    expect(records[0]).toMatchObject({
      name: 'payments-api',
      projectedMonthly: null,
      row: {
        entityRef: 'component:default/payments-api',
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        estimatedMonthly: null,
        complianceScore: null,
      },
    });
  });

  it('projects the month from the higher of the plan and the billing forecast', () => {
    const status = buildEntityStatus(
      entity,
      [
        // The fixture's plan: 1000 a month after the apply.
        infrastructure(report({ environment: 'dev' })),
        // 600 over half of November points at 1200.
        actual('dev', 600),
        infrastructure(report({ environment: 'prod' })),
        actual('prod', 100),
      ],
      ctx,
    );
    const byEnv = new Map(
      overviewRecordsOf(entity, status).map(r => [r.row.environment, r]),
    );
    expect(byEnv.get('dev')!.projectedMonthly).toBeCloseTo(1200);
    expect(byEnv.get('dev')!.row).toMatchObject({
      estimatedMonthly: 1000,
      actualMonthToDate: 600,
      infrastructureResult: 'applied',
      complianceScore: 95,
    });
    expect(byEnv.get('prod')!.projectedMonthly).toBe(1000);
    expect(byEnv.get('staging')!.projectedMonthly).toBeNull();
  });
});
