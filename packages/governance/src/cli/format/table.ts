import { isBlocking } from '../../policy/evaluate';
import {
  costLines,
  priceSourceLine,
  savingText,
  signedUsd,
  sortFindings,
  usd,
} from './common';
import type { Report } from './report';

function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.min(60, Math.max(...rows.map(r => r[i].length))),
  );
  return rows
    .map(r =>
      r
        .map((cell, i) =>
          i === r.length - 1
            ? cell
            : cell.slice(0, widths[i]).padEnd(widths[i]),
        )
        .join('  '),
    )
    .join('\n');
}

/** Human-readable terminal output. */
export function formatTable(report: Report): string {
  const { summary, findings } = report.evaluation;
  const cost = report.cost;
  const out: string[] = [];
  const shown = sortFindings(findings).filter(
    f => f.verdict !== 'pass' && f.verdict !== 'not-applicable',
  );
  out.push(
    `Environment ${summary.environment} (${
      summary.production ? 'production' : 'non-production'
    }), blocking threshold: ${summary.threshold}`,
    '',
  );
  if (shown.length > 0) {
    out.push(
      columns([
        ['VERDICT', 'SEVERITY', 'RULE', 'RESOURCE', 'MESSAGE'],
        ...shown.map(f => [
          f.verdict.toUpperCase() +
            (isBlocking(f, summary.threshold, summary.unknownBlocks)
              ? '*'
              : ''),
          f.severity,
          f.ruleId,
          f.address,
          f.message + savingText(f),
        ]),
      ]),
      '',
      "* blocks at this environment's threshold",
      '',
    );
  }
  const f = summary.failed;
  out.push(
    `Findings: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low failed; ` +
      `${summary.unknown} unknown, ${summary.warned} warned, ${summary.waived} waived, ${summary.passed} passed. ` +
      `Score ${summary.score}/100.`,
  );
  if (summary.expiredWaivers > 0)
    out.push(`${summary.expiredWaivers} matching waiver(s) have expired.`);
  if (summary.monthlySavings > 0)
    out.push(
      `FinOps findings would save about ${usd(summary.monthlySavings)}/month.`,
    );
  out.push('');
  const lines = costLines(cost);
  if (lines.length > 0) {
    out.push(
      columns([
        ['RESOURCE', 'ACTION', 'BEFORE', 'AFTER', 'DELTA'],
        ...lines.map(l => [
          l.address,
          l.action,
          usd(l.monthlyBefore),
          usd(l.monthlyAfter),
          signedUsd(l.delta),
        ]),
      ]),
      '',
    );
  }
  out.push(
    `Monthly cost: ${usd(cost.monthlyBefore)} -> ${usd(
      cost.monthlyAfter,
    )} (${signedUsd(cost.delta)}), ` +
      `prices of ${cost.priceTableDate}, ${cost.hoursPerMonth} h/month.`,
  );
  const prices = priceSourceLine(cost);
  if (prices) out.push(`${prices}.`);
  if (cost.unpriced.length > 0) {
    out.push(`Not in the totals (${cost.unpriced.length}):`);
    for (const u of cost.unpriced)
      out.push(`  ${u.address}: ${u.status}, ${u.reason}`);
  }
  if (report.plan.drift.length > 0) {
    out.push(
      `Drift detected outside Terraform on ${
        report.plan.drift.length
      } resource(s): ${report.plan.drift.map(d => d.address).join(', ')}`,
    );
  }
  out.push(
    '',
    summary.blocking
      ? `BLOCKED: ${summary.blockingFindings} finding(s) at or above ${summary.threshold}.`
      : 'Nothing blocks.',
  );
  return out.join('\n');
}
