import type { SourceState } from './status';

/**
 * Whether the real infrastructure still matches the environment's Terraform
 * state, as the last drift check found:
 * - `in-sync`: nothing changed outside Terraform.
 * - `drifted`: resources changed outside Terraform (`resources` says which).
 * - `unknown`: the check could not tell; `reason` says why and what to do.
 */
export type DriftResult = 'in-sync' | 'drifted' | 'unknown';

/**
 * What checked it: HCP Terraform's health assessments, or a
 * `terraform plan -refresh-only -detailed-exitcode` run by the portal.
 */
export type DriftCheckSource = 'hcp-assessment' | 'cli-refresh-only';

/** One resource whose real state differs from Terraform's record of it. */
export interface DriftedResource {
  /** Resource address, e.g. `aws_s3_bucket.this` or `module.db.aws_db_instance.main`. */
  address: string;
  /**
   * What the refresh saw: `update` (attributes changed), `delete` (the
   * object is gone), as Terraform's `resource_drift[].change.actions` say.
   */
  action: string;
  /** Attribute paths whose values changed, e.g. `tags.owner`, `versioning[0].enabled`. */
  attributes: string[];
}

/** The drift of one environment's infrastructure, on the entity page. */
export interface DriftStatus {
  /**
   * `not-configured` when the environment has no Terraform state location
   * (`groundwork.dev/terraform-state`) or no drift source covers it;
   * `no-data` until the first check; `ok` once checked (see `result`).
   */
  state: SourceState;
  result?: DriftResult;
  source?: DriftCheckSource;
  /** The state location checked. */
  stateLocation?: string;
  /** Drifted resources, in address order; empty unless `drifted`. */
  resources: DriftedResource[];
  /** When the check ran (for HCP, when the assessment ran). */
  checkedAt?: string;
  /**
   * Why the result is `unknown`, or why a state location no source checks
   * is `not-configured` (a source installed but off), as a sentence that
   * says what to fix.
   */
  reason?: string;
  /** Where to see the check itself (the HCP Terraform workspace's health page). */
  url?: string;
}
