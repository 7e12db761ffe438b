import type { OverviewRow } from '@groundwork/plugin-platform-status-common';

/**
 * Why an environment needs its owners now. Each is read off the portfolio
 * row, the same figures the entity page shows.
 */
export type AlertCondition =
  | 'degraded'
  | 'drifted'
  | 'infrastructure-failed'
  | 'critical-findings'
  | 'over-budget';

/** Argo CD health states that mean the workload is not serving as declared. */
export const UNHEALTHY_STATES: readonly string[] = ['Degraded', 'Missing'];
const UNHEALTHY = new Set(UNHEALTHY_STATES);

function formatMoney(amount: number, currency: string): string {
  return `${currency} ${Math.round(amount).toLocaleString('en-US')}`;
}

/** The conditions an environment is in, in a fixed order. */
export function alertConditionsOf(row: OverviewRow): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  if (row.healthStatus && UNHEALTHY.has(row.healthStatus)) {
    conditions.push('degraded');
  }
  // The live infrastructure no longer matches its code (drift check).
  if (row.driftResult === 'drifted') conditions.push('drifted');
  if (row.infrastructureResult === 'failed') {
    conditions.push('infrastructure-failed');
  }
  if ((row.failed?.critical ?? 0) > 0) conditions.push('critical-findings');
  // budgetUsed compares the larger of the estimate and the month's forecast.
  if (row.budgetUsed !== null && row.budgetUsed > 1) {
    conditions.push('over-budget');
  }
  return conditions;
}

/** One sentence per condition, with the figure that tripped it. */
export function describeCondition(
  condition: AlertCondition,
  row: OverviewRow,
  currency: string,
): string {
  switch (condition) {
    case 'degraded':
      return `Argo CD reports the application ${row.healthStatus}.`;
    case 'drifted':
      return 'The infrastructure drifted from its Terraform code.';
    case 'infrastructure-failed':
      return 'The last Terraform run failed.';
    case 'critical-findings':
      return `${row.failed.critical} critical compliance finding${
        row.failed.critical === 1 ? '' : 's'
      }.`;
    case 'over-budget':
      return `Over budget: ${Math.round(
        (row.budgetUsed ?? 0) * 100,
      )} % of ${formatMoney(row.budgetMonthly ?? 0, currency)} a month.`;
    default:
      return condition;
  }
}
