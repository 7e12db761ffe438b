import { estimateCost } from './cost/estimate';
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
  const evaluation = evaluatePlan(plan, options);
  return { ...evaluation, cost: estimateCost(plan, options) };
}
