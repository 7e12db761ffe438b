import {
  ReportedFinding,
  SEVERITIES,
} from '@groundwork/plugin-platform-status-common';

const VERDICT_ORDER: Record<string, number> = {
  fail: 0,
  unknown: 1,
  warn: 2,
  waived: 3,
  pass: 4,
  'not-applicable': 5,
};
const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i]));

/** Non-passing first (fail, unknown, warn, waived), then passes; worst severity first. */
export function sortFindings(findings: ReportedFinding[]): ReportedFinding[] {
  return [...findings].sort(
    (a, b) =>
      (VERDICT_ORDER[a.verdict] ?? 9) - (VERDICT_ORDER[b.verdict] ?? 9) ||
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.address.localeCompare(b.address),
  );
}
