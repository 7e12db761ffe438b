import { GovernResult, listRules, Plan } from '@groundwork/governance';
import type {
  InfrastructureRunReport,
  ReportedFinding,
} from '@groundwork/plugin-platform-status-common';

let remediations: Map<string, string> | undefined;

function remediationOf(ruleId: string): string | undefined {
  remediations ??= new Map(listRules().map(r => [r.id, r.remediation.text]));
  return remediations.get(ruleId);
}

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
 * The report of a run whose plan `@groundwork/governance` evaluated: the
 * same mapping for `terraform:apply` and for anything else that reports a
 * plan (the embedded default's example plans), so both show the same way.
 */
export function infrastructureRunReportFromGovernance(
  run: RunDetails,
  plan: Plan,
  governance: GovernResult,
): InfrastructureRunReport {
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
  const findings: ReportedFinding[] = governance.findings
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
  const s = governance.summary;
  const cost = governance.cost;
  return {
    ...run,
    summary,
    resourceCount,
    findings,
    compliance: {
      score: s.score,
      failed: s.failed,
      waived: s.waived,
      warned: s.warned,
      unknown: s.unknown,
      passed: s.passed,
      threshold: s.threshold,
      blocking: s.blocking,
    },
    cost: {
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
    },
  };
}
