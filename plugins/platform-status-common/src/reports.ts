import type { ReportedFinding, Severity, SeverityCounts } from './findings';

/**
 * How an infrastructure run ended.
 * - `applied`: the plan passed the gate and was applied.
 * - `planned`: plan only (dry-run or `planOnly`); nothing applied.
 * - `blocked`: the governance gate or the budget check stopped it; nothing applied.
 * - `failed`: Terraform failed (init, plan or apply); `message` says where.
 * - `cancelled`: the task was cancelled; `message` says whether anything may have been applied.
 */
export type InfrastructureRunResult =
  | 'applied'
  | 'planned'
  | 'blocked'
  | 'failed'
  | 'cancelled';

/**
 * What `terraform:apply` reports to platform status after every run,
 * blocked and failed ones included, through `platform-status-node`.
 * Never holds a secret: values come from the governance summary, not from
 * Terraform variables or outputs.
 */
export interface InfrastructureRunReport {
  /** Full entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** A configured environment name, e.g. `prod`. */
  environment: string;
  /** Unique per run (scaffolder task and step, or HCP run id); a repeated report with the same id replaces the first. */
  runId: string;
  tool: 'terraform' | 'tofu';
  executor: 'cli' | 'hcp';
  result: InfrastructureRunResult;
  /** ISO 8601 times. */
  startedAt: string;
  finishedAt: string;
  /** Why it was blocked, failed or cancelled, and what to do. */
  message?: string;
  /** HCP Terraform / TFE run page, when the run happened there. */
  runUrl?: string;
  /** Scaffolder task page. */
  taskUrl?: string;
  summary: { add: number; change: number; destroy: number; replace: number };
  /** Resources in the planned state after the run. */
  resourceCount: number;
  /** Every finding except `not-applicable` ones. */
  findings: ReportedFinding[];
  compliance: {
    /** 0–100, severity-weighted (governance `complianceScore`). */
    score: number;
    failed: SeverityCounts;
    waived: number;
    warned: number;
    unknown: number;
    passed: number;
    /** Failures at or above this severity blocked the run. */
    threshold: Severity;
    blocking: boolean;
  };
  /** Absent when the run failed before a plan existed. */
  cost?: {
    currency: string;
    monthlyBefore: number;
    monthlyAfter: number;
    delta: number;
    /** Resource counts by how they were priced. */
    coverage: { priced: number; usagePriced: number; unpriced: number };
    /** Date of the price table the estimate used (YYYY-MM-DD). */
    priceTableDate?: string;
  };
}
