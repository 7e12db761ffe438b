import { isBlocking } from '../../policy/evaluate';
import type { Finding } from '../../policy/types';
import { costLines, signedUsd, sortFindings, usd } from './common';
import type { Report } from './report';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

const SEVERITY_ICON: Record<string, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '⚪',
};

function findingTable(findings: Finding[]): string[] {
  return [
    '| Severity | Verdict | Rule | Resource | Finding |',
    '|---|---|---|---|---|',
    ...findings.map(
      f =>
        `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${f.verdict} | ${
          f.ruleId
        } | ${code(f.address)} | **${cell(f.title)}**<br>${cell(f.message)} |`,
    ),
  ];
}

/** What a pull-request comment shows. */
export function formatMarkdown(report: Report): string {
  const { summary, findings } = report.evaluation;
  const cost = report.cost;
  const sorted = sortFindings(findings);
  const blocking = sorted.filter(f =>
    isBlocking(f, summary.threshold, summary.unknownBlocks),
  );
  const other = sorted.filter(
    f =>
      !blocking.includes(f) &&
      f.verdict !== 'pass' &&
      f.verdict !== 'not-applicable',
  );
  const f = summary.failed;
  const out: string[] = [
    summary.blocking
      ? `## ❌ Governance: ${summary.blockingFindings} blocking finding(s) for \`${summary.environment}\``
      : `## ✅ Governance: nothing blocks \`${summary.environment}\``,
    '',
    `Blocking threshold **${summary.threshold}**${
      summary.production ? ' (production)' : ''
    } · score **${summary.score}/100** · ` +
      `failed: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low · ` +
      `${summary.unknown} unknown · ${summary.warned} warned · ${summary.waived} waived · ${summary.passed} passed`,
    '',
  ];
  if (blocking.length > 0)
    out.push('### Blocking', '', ...findingTable(blocking), '');
  if (other.length > 0) {
    out.push(
      `<details><summary>Other findings (${other.length}): unknown values, warnings, waivers and failures below the threshold</summary>`,
      '',
      ...findingTable(other),
      '',
      '</details>',
      '',
    );
  }
  out.push(
    `### 💰 Cost: ${usd(cost.monthlyBefore)} → ${usd(
      cost.monthlyAfter,
    )} per month (${signedUsd(cost.delta)})`,
    '',
  );
  const lines = costLines(cost);
  if (lines.length > 0) {
    out.push(
      '| Resource | Action | Before | After | Change |',
      '|---|---|--:|--:|--:|',
    );
    for (const l of lines) {
      out.push(
        `| ${code(l.address)} | ${l.action} | ${usd(l.monthlyBefore)} | ${usd(
          l.monthlyAfter,
        )} | ${signedUsd(l.delta)} |`,
      );
    }
    out.push('');
  }
  if (cost.unpriced.length > 0) {
    out.push(
      `<details><summary>Not in the totals (${cost.unpriced.length})</summary>`,
      '',
    );
    for (const u of cost.unpriced)
      out.push(`- ${code(u.address)}: ${u.status}, ${cell(u.reason)}`);
    out.push('', '</details>', '');
  }
  if (report.plan.drift.length > 0) {
    out.push(
      `⚠️ Terraform detected drift on ${
        report.plan.drift.length
      } resource(s): ${report.plan.drift.map(d => code(d.address)).join(', ')}`,
      '',
    );
  }
  out.push(
    `<sub>groundwork-governance ${report.toolVersion} · prices of ${cost.priceTableDate}, ${cost.hoursPerMonth} h/month, USD list prices</sub>`,
  );
  return out.join('\n');
}
