import { GovernResult, Plan, remediationOf } from '@groundwork/governance';
import type {
  InfrastructureRunReport,
  ReportedFinding,
} from '@groundwork/plugin-platform-status-common';

/** What a run was, besides what governance said about its plan. */
export interface RunDetails {
  entityRef: string;
  environment: string;
  runId: string;
  tool: InfrastructureRunReport['tool'];
  executor: InfrastructureRunReport['executor'];
  result: InfrastructureRunReport['result'];
  startedAt: string;
  finishedAt: string;
  message?: string;
  runUrl?: string;
  taskUrl?: string;
}

/**
 * The plan's changes by action, and how many managed resources exist after
 * it. `replace` is counted apart from add and destroy (Terraform's own
 * "Plan:" line counts a replacement in both).
 */
export function planSummaryOf(
  plan: Plan,
): Pick<InfrastructureRunReport, 'summary' | 'resourceCount'> {
  const summary = { add: 0, change: 0, destroy: 0, replace: 0 };
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

/** Findings as platform status stores them: all but not-applicable ones. */
export function reportedFindingsOf(
  governance: GovernResult,
): ReportedFinding[] {
  return governance.findings
    .filter(f => f.verdict !== 'not-applicable')
    .map(f => ({
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      verdict: f.verdict,
      address: f.address,
      resourceType: f.resourceType,
      message: f.message,
      remediation: remediationOf(f.ruleId),
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

/** The verdict's counts, score and threshold, as a report carries them. */
export function complianceOf(
  governance: GovernResult,
): InfrastructureRunReport['compliance'] {
  const s = governance.summary;
  return {
    score: s.score,
    failed: { ...s.failed },
    waived: s.waived,
    warned: s.warned,
    unknown: s.unknown,
    passed: s.passed,
    threshold: s.threshold,
    blocking: s.blocking,
  };
}

/** The cost estimate, as a report carries it. */
export function costOf(
  governance: GovernResult,
): NonNullable<InfrastructureRunReport['cost']> {
  const cost = governance.cost;
  return {
    currency: cost.currency,
    monthlyBefore: cost.monthlyBefore,
    monthlyAfter: cost.monthlyAfter,
    delta: cost.delta,
    coverage: {
      priced: cost.coverage.priced,
      usagePriced: cost.coverage.usagePriced,
      unpriced: cost.coverage.unpriced,
    },
    priceTableDate: cost.priceTableDate,
  };
}

/**
 * The report of a run whose plan `@groundwork/governance` evaluated: the
 * same mapping for `terraform:apply` and for anything else that reports a
 * plan (the embedded default's example plans), so both show the same way.
 */
export function infrastructureRunReportFromGovernance(
  run: RunDetails,
  plan: Plan,
  governance: GovernResult,
): InfrastructureRunReport {
  return {
    ...run,
    ...planSummaryOf(plan),
    findings: reportedFindingsOf(governance),
    compliance: complianceOf(governance),
    cost: costOf(governance),
  };
}
