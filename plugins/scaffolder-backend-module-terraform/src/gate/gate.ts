import {
  Finding,
  governPlan,
  GovernResult,
  isBlocking,
  listRules,
  Plan,
  PolicyFile,
  Severity,
} from '@groundwork/governance';
import type {
  ReportedFinding,
  SeverityCounts,
} from '@groundwork/plugin-platform-status-common';
import type { BudgetAction } from '../config';

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
}

export interface BudgetCheck {
  budget?: number;
  currency: string;
  monthlyAfter: number;
  over: boolean;
  action: BudgetAction;
  blocked: boolean;
  message?: string;
}

export interface GateDecision {
  governance: GovernResult;
  summary: PlanSummary;
  resourceCount: number;
  budget: BudgetCheck;
  blockingFindings: Finding[];
  blocked: boolean;
  /** Why it blocked, in sentences, for the log, the error and the report. */
  reasons: string[];
}

const REMEDIATION = new Map(listRules().map(r => [r.id, r.remediation.text]));

/**
 * `replace` is counted apart from add and destroy (Terraform's own "Plan:"
 * line counts a replacement in both).
 */
export function summarize(plan: Plan): {
  summary: PlanSummary;
  resourceCount: number;
} {
  const summary = { add: 0, change: 0, destroy: 0, replace: 0 };
  let resourceCount = 0;
  for (const r of plan.resources) {
    if (r.mode !== 'managed') continue;
    if (r.action === 'create') summary.add++;
    else if (r.action === 'update') summary.change++;
    else if (r.action === 'delete') summary.destroy++;
    else if (r.action === 'replace') summary.replace++;
    if (r.action !== 'delete') resourceCount++;
  }
  return { summary, resourceCount };
}

/** Runs the governance engine and the budget check over a plan. */
export function decide(options: {
  plan: Plan;
  environment: string;
  policy: PolicyFile;
  budget?: number;
  currency: string;
  budgetAction: BudgetAction;
}): GateDecision {
  const governance = governPlan(options.plan, {
    environment: options.environment,
    policy: options.policy,
  });
  const { summary: s } = governance;
  const blockingFindings = governance.findings.filter(f =>
    isBlocking(f, s.threshold, s.unknownBlocks),
  );
  const reasons: string[] = [];
  if (blockingFindings.length > 0) {
    const shown = blockingFindings.slice(0, 10).map(f => {
      // The fix belongs next to the failure: the task log is where the
      // author of the change reads why the run stopped.
      const fix = REMEDIATION.get(f.ruleId);
      return `${f.severity} ${f.ruleId} on ${f.address}: ${f.message}${
        fix ? `\n    Fix: ${fix}` : ''
      }`;
    });
    reasons.push(
      `${blockingFindings.length} finding(s) at or above the ${
        s.threshold
      } threshold of ${options.environment} failed:\n  ${shown.join('\n  ')}${
        blockingFindings.length > shown.length
          ? `\n  … and ${blockingFindings.length - shown.length} more`
          : ''
      }`,
    );
  }
  const monthlyAfter = governance.cost.monthlyAfter;
  const over = options.budget !== undefined && monthlyAfter > options.budget;
  const budget: BudgetCheck = {
    budget: options.budget,
    currency: options.currency,
    monthlyAfter,
    over,
    action: options.budgetAction,
    blocked: over && options.budgetAction === 'block',
  };
  if (over) {
    budget.message = `The estimate of ${monthlyAfter.toFixed(2)} ${
      governance.cost.currency
    }/month is over the ${options.environment} budget of ${options.budget} ${
      options.currency
    }/month${
      options.currency !== governance.cost.currency
        ? ` (the estimate is in ${governance.cost.currency}; no conversion is made)`
        : ''
    }.`;
    if (budget.blocked) reasons.push(budget.message);
  }
  return {
    governance,
    ...summarize(options.plan),
    budget,
    blockingFindings,
    blocked: reasons.length > 0,
    reasons,
  };
}

export function failedCounts(g: GovernResult): SeverityCounts {
  return { ...g.summary.failed };
}

/** Findings as platform status stores them: all but not-applicable ones. */
export function reportedFindings(g: GovernResult): ReportedFinding[] {
  return g.findings
    .filter(f => f.verdict !== 'not-applicable')
    .map(f => ({
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      verdict: f.verdict,
      address: f.address,
      resourceType: f.resourceType,
      message: f.message,
      remediation: REMEDIATION.get(f.ruleId),
      ...(f.waiver && {
        waiver: {
          reason: f.waiver.reason,
          owner: f.waiver.owner,
          expires: f.waiver.expires,
          expired: f.waiver.expired,
        },
      }),
    }));
}

export type { Severity };
