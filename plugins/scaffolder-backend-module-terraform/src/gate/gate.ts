import {
  DEFAULT_PRICE_TABLE,
  Finding,
  governPlan,
  liveTable,
  PriceSnapshot,
  PriceSourceInfo,
  GovernResult,
  isBlocking,
  Plan,
  PlanChangeCounts,
  planSummaryOf,
  PolicyFile,
  remediationOf,
  Severity,
} from '@groundwork/governance';
import type { BudgetAction } from '../config';

interface BudgetCheck {
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
  summary: PlanChangeCounts;
  resourceCount: number;
  budget: BudgetCheck;
  blockingFindings: Finding[];
  blocked: boolean;
  /** Why it blocked, in sentences, for the log, the error and the report. */
  reasons: string[];
  /**
   * Which prices the estimate used, per provider of the plan: `Prices: AWS
   * live 2026-12-07 (0 days), Azure shipped 2025-06-01 (554 days)`.
   */
  prices: string;
}

const PROVIDER_LABEL = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };

/** The price sources as one line for the task log. */
export function pricesLine(sources: readonly PriceSourceInfo[]): string {
  if (sources.length === 0) return 'Prices: no priced provider in the plan';
  return `Prices: ${sources
    .map(
      s =>
        `${PROVIDER_LABEL[s.provider]} ${s.kind} ${s.date} (${s.ageDays} ${
          s.ageDays === 1 ? 'day' : 'days'
        })${s.note ? ` [${s.note}]` : ''}`,
    )
    .join(', ')}`;
}

/** Runs the governance engine and the budget check over a plan. */
export function decide(options: {
  plan: Plan;
  environment: string;
  policy: PolicyFile;
  budget?: number;
  currency: string;
  budgetAction: BudgetAction;
  /**
   * Live price snapshots (the newest per provider is used); none, or a
   * provider without one: the shipped price table.
   */
  priceSnapshots?: readonly PriceSnapshot[];
  /** The time price ages are counted to. Default now. */
  now?: Date;
}): GateDecision {
  const now = options.now ?? new Date();
  const live = liveTable(
    DEFAULT_PRICE_TABLE,
    options.priceSnapshots ?? [],
    now,
  );
  const governance = governPlan(options.plan, {
    environment: options.environment,
    policy: options.policy,
    ...(options.priceSnapshots?.length
      ? { prices: live.table, priceSources: live.sources }
      : {}),
    now,
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
      const fix =
        remediationOf(f.ruleId) ??
        options.policy.customRules?.find(r => r.id === f.ruleId)?.remediation
          ?.text;
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
    ...planSummaryOf(options.plan),
    budget,
    blockingFindings,
    blocked: reasons.length > 0,
    reasons,
    prices: pricesLine(governance.cost.prices.sources),
  };
}

export type { Severity };
