import { estimateCost } from './cost/estimate';
import { mergePrices } from './cost/mergePrices';
import { DEFAULT_PRICE_TABLE } from './cost/prices/table';
import type { Estimate, EstimateOptions } from './cost/types';
import type { Plan } from './plan/types';
import { evaluatePlan, EvaluateOptions } from './policy/evaluate';
import type { Evaluation } from './policy/types';

export interface GovernOptions extends EvaluateOptions, EstimateOptions {}

export interface GovernResult extends Evaluation {
  cost: Estimate;
}

/** Policy evaluation and cost estimate of one plan, in one call. */
export function governPlan(
  plan: Plan,
  options: GovernOptions = {},
): GovernResult {
  // FinOps savings are priced from the table the estimate uses.
  const priceTable = mergePrices(DEFAULT_PRICE_TABLE, options.prices);
  const evaluation = evaluatePlan(plan, { ...options, priceTable });
  return { ...evaluation, cost: estimateCost(plan, options) };
}
