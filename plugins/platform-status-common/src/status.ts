import type { ReportedFinding, Severity, SeverityCounts } from './findings';
import type { InfrastructureRunResult } from './reports';
import type { DriftResult, DriftStatus } from './drift';

/**
 * The state of one source for one environment. The UI must show each of
 * these differently, and never show anything but `ok` as passing.
 * - `ok`: data is present (it may still be stale: compare `asOf`).
 * - `not-configured`: the source is not set up (no Argo CD instance, no billing source).
 * - `no-data`: configured, but nothing reported for this entity and environment yet.
 * - `error`: the last collection failed; `error` says why, data may be from before.
 */
export type SourceState = 'ok' | 'not-configured' | 'no-data' | 'error';

export type StatusSource =
  | 'delivery'
  | 'infrastructure'
  | 'cost'
  | 'compliance'
  | 'admission'
  | 'drift';

export interface SourceError {
  source: StatusSource;
  message: string;
  /** When the error happened (ISO 8601). */
  at: string;
}

export interface DeliveryStatus {
  state: SourceState;
  /** Argo CD instance name from config. */
  instance?: string;
  appName?: string;
  /** Argo CD sync status: Synced, OutOfSync, Unknown. */
  syncStatus?: string;
  /** Argo CD health: Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  healthStatus?: string;
  revision?: string;
  lastDeployedAt?: string;
  /** Link to the app in the Argo CD UI. */
  url?: string;
  /** Automated sync is on: Argo CD refuses a rollback then. */
  automatedSync?: boolean;
  /** Phase of the last or current sync operation (Running, Succeeded, Failed, ...). */
  operationPhase?: string;
  asOf?: string;
  error?: string;
}

/** A Git commit as Argo CD's repo server reads it. */
export interface CommitMetadata {
  /** e.g. "Jane Doe <jane@example.com>" */
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

/** One Argo CD sync of an entity's environment. */
export interface DeploymentHistoryEntry {
  /** Unique within the app: the sync's start time (or history id). */
  key: string;
  instance: string;
  appName: string;
  /** Argo CD's history id, what a rollback names; absent for a sync that did not succeed. */
  historyId?: number;
  revision?: string;
  repoUrl?: string;
  /** The repository's compare view from the previous sync's revision to this one (GitHub only). */
  diffUrl?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Succeeded, Failed, Error, Running or Terminating. */
  result: string;
  message?: string;
  /** A user name, or `automated`. */
  initiatedBy?: string;
  commit?: CommitMetadata;
  /** Images the app ran after this sync (recorded while it was current). */
  images?: string[];
}

/** What `POST .../environments/{environment}/sync` and `.../rollback` started. */
export interface DeliveryActionResponse {
  entityRef: string;
  environment: string;
  action: 'sync' | 'rollback';
  instance: string;
  appName: string;
  /** The history entry a rollback returns to. */
  historyId?: number;
}

/** `GET /api/platform-status/entities/{kind}/{namespace}/{name}/environments/{environment}/deployments` */
export interface DeploymentHistoryResponse {
  entityRef: string;
  environment: string;
  /** Newest first. */
  items: DeploymentHistoryEntry[];
}

export interface InfrastructureStatus {
  state: SourceState;
  result?: InfrastructureRunResult;
  runId?: string;
  finishedAt?: string;
  summary?: { add: number; change: number; destroy: number; replace: number };
  resourceCount?: number;
  runUrl?: string;
  taskUrl?: string;
  message?: string;
  asOf?: string;
  error?: string;
  /** Where the environment's Terraform state lives (`groundwork.dev/terraform-state`). */
  stateLocation?: string;
}

export interface CostStatus {
  /** From the last infrastructure run's estimate; null when none. */
  estimatedMonthly: number | null;
  /** From the billing source; null when not configured or no data. */
  actualMonthToDate: number | null;
  /**
   * A budget request in force, else the entity annotation's override, else
   * the environment's default; null when none.
   */
  budgetMonthly: number | null;
  /** Present while an approved budget request sets `budgetMonthly`. */
  budgetInForce?: BudgetInForce;
  currency: string;
  /** max(estimate, actual forecast) / budget; null without a budget. */
  budgetUsed: number | null;
  estimateState: SourceState;
  actualState: SourceState;
  estimateAsOf?: string;
  actualAsOf?: string;
  /**
   * The month-to-date actual scaled to the whole month; null without an
   * actual. `budgetUsed` compares the larger of this and the estimate.
   */
  forecastMonthly?: number | null;
  /** Recent points for the trend chart, oldest first. */
  trend: Array<{
    at: string;
    estimatedMonthly?: number;
    actualMonthToDate?: number;
  }>;
}

/**
 * One policy rule's verdict on one resource running in the environment's
 * cluster, from its policy reports (Kyverno's admission and background
 * scans): in-cluster, as opposed to the plan-time findings of a Terraform run.
 */
export interface AdmissionFinding {
  /** `<policy>/<rule>`: the ClusterPolicy's name and its rule's. */
  ruleId: string;
  policy: string;
  rule?: string;
  /** What wrote the report result, e.g. `kyverno`. */
  engine: string;
  /** The report's own verdict: pass, fail, warn, error, skip. */
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  severity: Severity;
  /** `<Kind> <namespace>/<name>` of the resource judged. */
  address: string;
  /** `<apiVersion>/<Kind>` of the resource judged. */
  resourceType: string;
  message: string;
  /** False when the policy asks not to count it (`scored: false`). */
  scored: boolean;
  /** When the engine judged it. */
  at?: string;
}

/** What the environment's cluster says of the entity's running resources. */
export interface AdmissionStatus {
  /** `not-configured` without a cluster for the environment; `error` when it could not be read. */
  state: SourceState;
  /** The cluster read (`platformStatus.policyReports.clusters[].name`). */
  cluster?: string;
  /** Scored `fail` results by severity. */
  failed: SeverityCounts;
  /** Failures and errors first, then warnings, skips and passes. */
  findings: AdmissionFinding[];
  asOf?: string;
  error?: string;
}

/**
 * A policy waiver an approved request grants, in force now: the gate of
 * `terraform:apply` turns the matching findings into `waived` until
 * `expiresAt`, and not a moment after.
 */
export interface WaiverInForce {
  requestId: string;
  /** Rule id, e.g. `GW-AWS-004`. */
  rule: string;
  /** Resource address pattern; `*` matches any run of characters. */
  resource: string;
  reason: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: string;
  expiresAt: string;
}

/** A monthly budget an approved request sets until `expiresAt`. */
export interface BudgetInForce {
  requestId: string;
  monthlyBudget: number;
  reason: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: string;
  expiresAt: string;
}

export interface ComplianceStatus {
  state: SourceState;
  /** 0–100; null when no run has been reported. */
  score: number | null;
  failed: SeverityCounts;
  waived: number;
  /** Non-passing findings first (fail, unknown, warn, waived), then passes. */
  findings: ReportedFinding[];
  asOf?: string;
  /** The run the findings come from (the latest one that produced a plan). */
  runId?: string;
  /** Failures at or above this severity block `terraform:apply` here. */
  threshold?: Severity;
  /** Whether that run's findings blocked it. */
  blocking?: boolean;
  /** In-cluster findings from policy reports, apart from the plan-time ones above. */
  admission: AdmissionStatus;
  /**
   * Waivers approved through requests and in force in this environment,
   * soonest to expire first; absent when the requests plugin is not
   * installed or could not be read (then `errors` says so).
   */
  waiversInForce?: WaiverInForce[];
}

export interface EnvironmentStatus {
  name: string;
  title?: string;
  /** Position in the configured order (dev before staging before prod). */
  order: number;
  /** From `groundwork.environments[].production`. */
  production?: boolean;
  delivery: DeliveryStatus;
  infrastructure: InfrastructureStatus;
  cost: CostStatus;
  compliance: ComplianceStatus;
  /** Whether the infrastructure drifted from its Terraform state. */
  drift: DriftStatus;
  /** The oldest `asOf` among sources that have data; null when none has. */
  asOf: string | null;
  errors: SourceError[];
}

/**
 * Where a preview entity (`groundwork.dev/expires-at`) stands with its
 * expiry: `scheduled` (not yet due), `notified` (the owners were told it
 * expires soon), `refused` (it will not be destroyed: see `reason`),
 * `tearing-down` (the teardown task runs), `destroyed`, or `failed` (the
 * teardown task failed; the environment is left as it is).
 */
export type ExpiryState =
  | 'scheduled'
  | 'notified'
  | 'refused'
  | 'tearing-down'
  | 'destroyed'
  | 'failed';

export interface EntityExpiry {
  /** The annotation's instant; null when the annotation is not one. */
  expiresAt: string | null;
  state: ExpiryState;
  /** Why it is refused, or why the teardown failed or has not started. */
  reason?: string;
  /** The scaffolder task of the teardown, once started. */
  taskId?: string;
}

/** `GET /api/platform-status/entities/{kind}/{namespace}/{name}` */
export interface EntityStatusResponse {
  entityRef: string;
  environments: EnvironmentStatus[];
  /** Annotation problems (unknown environment, malformed budget), in words. */
  warnings: string[];
  /** Present for an entity with `groundwork.dev/expires-at` (a preview). */
  expiry?: EntityExpiry;
  generatedAt: string;
}

export type OverviewSortField = 'cost' | 'budgetUse' | 'compliance' | 'name';

/** One row of the portfolio page: an entity and one of its environments. */
export interface OverviewRow {
  entityRef: string;
  title?: string;
  kind: string;
  owner?: string;
  system?: string;
  environment: string;
  /**
   * State of the delivery source, so the portfolio can tell "not configured"
   * from "nothing reported yet" when `syncStatus` and `healthStatus` are absent.
   */
  deliveryState?: SourceState;
  syncStatus?: string;
  healthStatus?: string;
  infrastructureResult?: InfrastructureRunResult;
  /** The last drift check's result; absent when none ran. */
  driftResult?: DriftResult;
  estimatedMonthly: number | null;
  actualMonthToDate: number | null;
  budgetMonthly: number | null;
  budgetUsed: number | null;
  complianceScore: number | null;
  failed: SeverityCounts;
  /** Waivers approved through requests and in force; absent without the requests plugin. */
  waiversInForce?: number;
  asOf: string | null;
}

/** `GET /api/platform-status/overview` */
export interface OverviewResponse {
  items: OverviewRow[];
  totalCount: number;
  offset: number;
  limit: number;
  currency: string;
}
