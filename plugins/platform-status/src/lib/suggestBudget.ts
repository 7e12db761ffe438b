/**
 * A monthly budget to suggest for an environment over budget: the larger
 * of the estimate and the month's forecast, rounded up to a round figure
 * (to the next 10 below 1,000, the next 100 below 10,000, then the next
 * 1,000) so the request reads as a decision, not a measurement.
 */
export function suggestBudget(
  estimate: number | null,
  forecast: number | null | undefined,
): number | undefined {
  const need = Math.max(estimate ?? 0, forecast ?? 0);
  if (!(need > 0)) return undefined;
  let step = 1000;
  if (need < 1000) step = 10;
  else if (need < 10_000) step = 100;
  // A figure already round still needs headroom: the next step up.
  return (Math.floor(need / step) + 1) * step;
}
