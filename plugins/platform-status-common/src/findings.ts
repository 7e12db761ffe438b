// The governance engine rates severities and gives verdicts; these are its
// words. The engine is a Node library, but its vocabulary module imports
// nothing, so a browser bundle may include it: the role rule does not apply.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
export {
  SEVERITIES,
  VERDICTS,
  type Severity,
  type Verdict,
} from '@groundwork/governance/vocabulary';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import type { Severity, Verdict } from '@groundwork/governance/vocabulary';

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
    /** Its last day (`YYYY-MM-DD`), or the instant it ends for a waiver approved by request. */
    expires: string;
    expired: boolean;
  };
}
