import {
  GovernResult,
  Plan,
  planSummaryOf,
  remediationOf,
} from '@groundwork/governance';
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
          // A waiver approved by request ends at an instant, not a day.
          expires: f.waiver.until ?? f.waiver.expires,
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
 * The report of a run whose plan `@groundwork/governance` evaluated.
 * `terraform:apply` owns this mapping; anything else that reports a plan
 * (the embedded default's example plans) uses it, so both show the same way.
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
