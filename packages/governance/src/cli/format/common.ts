import type { Estimate } from '../../cost/types';
import type { Finding, Verdict } from '../../policy/types';
import { SEVERITY_RANK } from '../../policy/types';

export const usd = (n: number) =>
  `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;

export const signedUsd = (n: number) => (n > 0 ? `+${usd(n)}` : usd(n));

const VERDICT_ORDER: Record<Verdict, number> = {
  fail: 0,
  unknown: 1,
  warn: 2,
  waived: 3,
  pass: 4,
  'not-applicable': 5,
};

/** Worst first: verdict, then severity, then address. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.address.localeCompare(b.address) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** Line items worth showing: anything that costs or changes cost. */
export function costLines(estimate: Estimate) {
  return estimate.resources.filter(
    l => l.monthlyBefore !== 0 || l.monthlyAfter !== 0,
  );
}

const PROVIDER_LABEL = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };

/**
 * `Prices: AWS live 2026-12-07 (0 days), Azure shipped 2025-06-01 (554
 * days)`: which prices each provider of the plan was estimated with.
 */
export function priceSourceLine(estimate: Estimate): string | undefined {
  const sources = estimate.prices?.sources ?? [];
  if (sources.length === 0) return undefined;
  return `Prices: ${sources
    .map(
      s =>
        `${PROVIDER_LABEL[s.provider]} ${s.kind} ${s.date} (${s.ageDays} ${
          s.ageDays === 1 ? 'day' : 'days'
        })`,
    )
    .join(', ')}`;
}

/** " (saves about $10.00/month)" for a finding with a saving, else "". */
export function savingText(finding: Finding): string {
  return finding.saving
    ? ` (saves about ${usd(finding.saving.monthly)}/month)`
    : '';
}
