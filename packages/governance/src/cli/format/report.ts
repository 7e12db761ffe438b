import type { Estimate } from '../../cost/types';
import type { Plan } from '../../plan/types';
import type { Evaluation, Rule } from '../../policy/types';

/** Everything a formatter may print. */
export interface Report {
  /** Plan path as given on the command line (`-` for stdin). */
  planPath: string;
  /** The plan's text, for SARIF line numbers. */
  planText: string;
  plan: Plan;
  evaluation: Evaluation;
  cost: Estimate;
  toolVersion: string;
  /** The policy file's team rules, listed beside the pack's in SARIF. */
  customRules?: readonly Rule[];
}
