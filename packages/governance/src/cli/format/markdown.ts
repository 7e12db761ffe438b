import { isBlocking } from '../../policy/evaluate';
import type { Finding } from '../../policy/types';
import {
  costLines,
  priceSourceLine,
  savingText,
  signedUsd,
  sortFindings,
  usd,
} from './common';
import type { Report } from './report';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

const SEVERITY_ICON: Record<string, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '⚪',
};

/**
 * GitHub refuses comments over 65,536 characters; a large plan's comment
 * shows the first rows of each table and says how many more there are.
 */
const MAX_TABLE_ROWS = 100;
export const MAX_COMMENT_CHARS = 60_000;

const more = (n: number) =>
  `| … | | | | ${n} more: see the job's SARIF or JSON output |`;

function findingTable(findings: Finding[]): string[] {
  const shown = findings.slice(0, MAX_TABLE_ROWS);
  return [
    '| Severity | Verdict | Rule | Resource | Finding |',
    '|---|---|---|---|---|',
    ...shown.map(
      f =>
        `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${f.verdict} | ${
          f.ruleId
        } | ${code(f.address)} | **${cell(f.title)}**<br>${cell(
          f.message + savingText(f),
        )} |`,
    ),
    ...(findings.length > shown.length
      ? [more(findings.length - shown.length)]
      : []),
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
  const savingsNote =
    summary.monthlySavings > 0
      ? ` · FinOps savings about ${usd(summary.monthlySavings)}/month`
      : '';
  const out: string[] = [
    summary.blocking
      ? `## ❌ Governance: ${summary.blockingFindings} blocking finding(s) for \`${summary.environment}\``
      : `## ✅ Governance: nothing blocks \`${summary.environment}\``,
    '',
    `Blocking threshold **${summary.threshold}**${
      summary.production ? ' (production)' : ''
    } · score **${summary.score}/100** · ` +
      `failed: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low · ` +
      `${summary.unknown} unknown · ${summary.warned} warned · ${summary.waived} waived · ${summary.passed} passed${savingsNote}`,
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
  // Largest changes first: they are what a reviewer of the PR looks for.
  const lines = [...costLines(cost)].sort(
    (a, b) => Math.abs(b.delta) - Math.abs(a.delta),
  );
  if (lines.length > 0) {
    out.push(
      '| Resource | Action | Before | After | Change |',
      '|---|---|--:|--:|--:|',
    );
    for (const l of lines.slice(0, MAX_TABLE_ROWS)) {
      out.push(
        `| ${code(l.address)} | ${l.action} | ${usd(l.monthlyBefore)} | ${usd(
          l.monthlyAfter,
        )} | ${signedUsd(l.delta)} |`,
      );
    }
    if (lines.length > MAX_TABLE_ROWS)
      out.push(`| … | | | | ${lines.length - MAX_TABLE_ROWS} more resources |`);
    out.push('');
  }
  if (cost.unpriced.length > 0) {
    out.push(
      `<details><summary>Not in the totals (${cost.unpriced.length})</summary>`,
      '',
    );
    for (const u of cost.unpriced.slice(0, MAX_TABLE_ROWS))
      out.push(`- ${code(u.address)}: ${u.status}, ${cell(u.reason)}`);
    if (cost.unpriced.length > MAX_TABLE_ROWS)
      out.push(`- … ${cost.unpriced.length - MAX_TABLE_ROWS} more`);
    out.push('', '</details>', '');
  }
  const drift = report.plan.drift;
  if (drift.length > 0) {
    out.push(
      `⚠️ Terraform detected drift on ${drift.length} resource(s): ${drift
        .slice(0, MAX_TABLE_ROWS)
        .map(d => code(d.address))
        .join(', ')}${drift.length > MAX_TABLE_ROWS ? ', …' : ''}`,
      '',
    );
  }
  const prices = priceSourceLine(cost);
  const footer = `<sub>groundwork-governance ${
    report.toolVersion
  } · prices of ${cost.priceTableDate}, ${
    cost.hoursPerMonth
  } h/month, USD list prices</sub>${prices ? `\n<sub>${prices}</sub>` : ''}`;
  let text = out.join('\n');
  if (text.length + footer.length > MAX_COMMENT_CHARS) {
    // Long titles and messages can still add up: cut at a line, say so.
    const cut = text.lastIndexOf('\n', MAX_COMMENT_CHARS - footer.length - 200);
    text = `${text.slice(
      0,
      cut,
    )}\n\n… cut to fit a pull-request comment; see the job's SARIF or JSON output for everything.\n`;
  }
  return `${text}\n${footer}`;
}
