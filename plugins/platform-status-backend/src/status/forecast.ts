import type { CostData, InfrastructureData } from './types';

/**
 * The monthly cost an actual amount points at: month-to-date scaled by the
 * share of the month it covers. Uses the period stored with the amount, so
 * the same rows always give the same answer.
 */
export function forecastMonthly(cost: CostData): number {
  const start = Date.parse(cost.periodStart);
  const end = Date.parse(cost.periodEnd);
  const monthStart = new Date(start);
  const nextMonth = Date.UTC(
    monthStart.getUTCFullYear(),
    monthStart.getUTCMonth() + 1,
    1,
  );
  const covered = Math.min(end, nextMonth) - start;
  if (!(covered > 0)) return cost.actualMonthToDate;
  return (cost.actualMonthToDate * (nextMonth - start)) / covered;
}

/** What the last evaluated run says the environment costs now. */
export function estimateOf(data: InfrastructureData | undefined) {
  const evaluation = data?.evaluation;
  if (!evaluation?.cost) return null;
  // Only an applied plan changes what runs; otherwise the state before stands.
  return evaluation.result === 'applied'
    ? evaluation.cost.monthlyAfter
    : evaluation.cost.monthlyBefore;
}

/**
 * What the month will cost: the higher of the plan's estimate and the
 * billing forecast (either can lag the other), null when neither is known.
 */
export function projectedMonthly(
  estimatedMonthly: number | null,
  forecast: number | null,
): number | null {
  return estimatedMonthly === null && forecast === null
    ? null
    : Math.max(estimatedMonthly ?? 0, forecast ?? 0);
}
