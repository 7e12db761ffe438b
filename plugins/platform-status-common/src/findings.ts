/** Severity of a policy rule, as `@groundwork/governance` rates it. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** A rule's verdict on one resource (see the governance README). */
export type Verdict =
  | 'pass'
  | 'fail'
  | 'warn'
  | 'not-applicable'
  | 'unknown'
  | 'waived';

export type SeverityCounts = Record<Severity, number>;

/** One finding as reported and served: what the compliance table shows. */
export interface ReportedFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  verdict: Verdict;
  /** Terraform address, e.g. `module.db.aws_db_instance.this[0]`. */
  address: string;
  resourceType: string;
  message: string;
  /** How to fix it, in a sentence (the rule's remediation text). */
  remediation?: string;
  /** Present when a waiver matched; `expired` waivers do not apply. */
  waiver?: {
    reason: string;
    owner: string;
    expires: string;
    expired: boolean;
  };
}
