import type { TrendPoint } from './types';

/**
 * The infrastructure trend after a run: a run reported again replaces its
 * own point, and a run that produced an estimate adds one; the trend keeps
 * its last `max` points.
 */
export function runTrend(
  trend: TrendPoint[],
  run: {
    /** When the run this report replaces finished (same run id), if any. */
    replaces?: string;
    point?: TrendPoint;
  },
  max: number,
): TrendPoint[] {
  const kept = run.replaces ? trend.filter(p => p.at !== run.replaces) : trend;
  return run.point ? [...kept, run.point].slice(-max) : kept;
}

/**
 * The actual-cost trend after a collection: one point per day (a later
 * collection the same day replaces it), the last `max` points.
 */
export function actualTrend(
  trend: TrendPoint[],
  at: string,
  actualMonthToDate: number,
  max: number,
): TrendPoint[] {
  const day = at.slice(0, 10);
  return [
    ...trend.filter(p => p.at.slice(0, 10) !== day),
    { at, actualMonthToDate },
  ].slice(-max);
}

/** Both trends of an environment as one, oldest first. */
export function mergeTrends(a: TrendPoint[] = [], b: TrendPoint[] = []) {
  return [...a, ...b].sort((x, y) => x.at.localeCompare(y.at));
}
