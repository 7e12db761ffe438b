/**
 * One environment's figures summed over a set of entities (a group's, a
 * system's, or the portfolio filter's), as far as the caller may read them.
 */
export interface RollupEnvironment {
  environment: string;
  /** Entities shown in this environment. */
  entities: number;
  /** Sums over the entities that have the figure; null when none has. */
  estimatedMonthly: number | null;
  actualMonthToDate: number | null;
  budgetMonthly: number | null;
  /**
   * Entities that need attention: unhealthy (Degraded or Missing), drifted
   * from their Terraform code, last Terraform run failed, a failing critical finding, or over budget (the
   * same conditions platform-status alerts on).
   */
  needsAttention: number;
  degraded: number;
  drifted: number;
  infrastructureFailed: number;
  withCriticalFindings: number;
  overBudget: number;
}

/** `GET /api/platform-status/rollup` */
export interface RollupResponse {
  currency: string;
  /** In the configured environment order; environments without entities are left out. */
  environments: RollupEnvironment[];
}
