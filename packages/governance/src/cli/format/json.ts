import type { Report } from './report';

/** One JSON object: summary, findings, cost and drift. */
export function formatJson(report: Report): string {
  const { plan, evaluation, cost } = report;
  return JSON.stringify(
    {
      tool: { name: 'groundwork-governance', version: report.toolVersion },
      plan: {
        path: report.planPath,
        formatVersion: plan.formatVersion,
        terraformVersion: plan.terraformVersion,
        resources: plan.resources.length,
        drift: plan.drift,
      },
      summary: evaluation.summary,
      findings: evaluation.findings,
      cost,
    },
    null,
    2,
  );
}
