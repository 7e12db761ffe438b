import type { Plan } from './types';

/**
 * A plan's changes by action. `replace` is counted apart from add and
 * destroy (Terraform's own "Plan:" line counts a replacement in both).
 */
export interface PlanChangeCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
}

/** What a plan changes, and how many managed resources exist after it. */
export interface PlanSummary {
  summary: PlanChangeCounts;
  resourceCount: number;
}

/** Counts a plan's managed resources by action; data sources are not changes. */
export function planSummaryOf(plan: Plan): PlanSummary {
  const summary: PlanChangeCounts = {
    add: 0,
    change: 0,
    destroy: 0,
    replace: 0,
  };
  let resourceCount = 0;
  for (const resource of plan.resources) {
    if (resource.mode !== 'managed') continue;
    if (resource.action === 'create') summary.add++;
    else if (resource.action === 'update') summary.change++;
    else if (resource.action === 'delete') summary.destroy++;
    else if (resource.action === 'replace') summary.replace++;
    if (resource.action !== 'delete') resourceCount++;
  }
  return { summary, resourceCount };
}
