import type {
  OverviewRow,
  RollupEnvironment,
} from '@groundwork/plugin-platform-status-common';
import { alertConditionsOf } from '../alerts/conditions';

function add(sum: number | null, value: number | null): number | null {
  if (value === null) return sum;
  return (sum ?? 0) + value;
}

/**
 * Sums rows per environment in memory, for callers whose read conditions
 * are not SQL; the store's rollup query computes the same in the database
 * (the store tests hold the two to each other).
 */
export function rollupRows(
  rows: Iterable<OverviewRow & { order: number }>,
): RollupEnvironment[] {
  const byEnv = new Map<string, RollupEnvironment & { order: number }>();
  for (const row of rows) {
    let env = byEnv.get(row.environment);
    if (!env) {
      env = {
        environment: row.environment,
        order: row.order,
        entities: 0,
        estimatedMonthly: null,
        actualMonthToDate: null,
        budgetMonthly: null,
        needsAttention: 0,
        degraded: 0,
        drifted: 0,
        infrastructureFailed: 0,
        withCriticalFindings: 0,
        overBudget: 0,
      };
      byEnv.set(row.environment, env);
    }
    env.entities++;
    env.estimatedMonthly = add(env.estimatedMonthly, row.estimatedMonthly);
    env.actualMonthToDate = add(env.actualMonthToDate, row.actualMonthToDate);
    env.budgetMonthly = add(env.budgetMonthly, row.budgetMonthly);
    const conditions = alertConditionsOf(row);
    if (conditions.length > 0) env.needsAttention++;
    if (conditions.includes('degraded')) env.degraded++;
    if (conditions.includes('drifted')) env.drifted++;
    if (conditions.includes('infrastructure-failed'))
      env.infrastructureFailed++;
    if (conditions.includes('critical-findings')) env.withCriticalFindings++;
    if (conditions.includes('over-budget')) env.overBudget++;
  }
  return [...byEnv.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...env }) => env);
}
