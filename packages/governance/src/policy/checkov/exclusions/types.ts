/**
 * Why a Checkov check on an in-scope type has no Groundwork rule:
 *
 * - `duplicate`: another Checkov check asks the same question, and the rule
 *   that covers that one covers this one too (`coveredBy` names the rule).
 * - `not-in-plan`: the answer is not in a plan (it needs the live account,
 *   the source code, or a value Terraform never shows).
 * - `judged-wrong`: the check asks for something a platform team should not
 *   require, or its test gives false findings; the note says why.
 * - `out-of-scope`: the check is about a feature Groundwork's platform does not
 *   use, or a preference better left to the team (the note says which).
 */
export type ExclusionReason =
  | 'duplicate'
  | 'not-in-plan'
  | 'judged-wrong'
  | 'out-of-scope';

export interface CoverageExclusion {
  /** The Checkov id, e.g. `CKV_AWS_143`. */
  checkov: string;
  reason: ExclusionReason;
  /** One or two sentences a reviewer can check. */
  note: string;
  /** For `duplicate`: the Groundwork rule that answers the same question. */
  coveredBy?: string;
}
