import type { Finding, Severity } from './types';

/** Points one failed finding costs the compliance score. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 1,
};

/**
 * 100 minus the weighted sum of failed findings (critical 10, high 5,
 * medium 2, low 1), floored at 0. Waived, warned and unknown findings cost
 * nothing here: they are reported separately so that the score does not
 * hide them. Unnormalised on purpose: ten failures are worse than one, not
 * the same ratio diluted by the size of the plan.
 */
export function complianceScore(
  findings: ReadonlyArray<Pick<Finding, 'verdict' | 'severity'>>,
): number {
  let penalty = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (f.verdict === 'fail') penalty += SEVERITY_WEIGHTS[f.severity];
  }
  return Math.max(0, 100 - penalty);
}
