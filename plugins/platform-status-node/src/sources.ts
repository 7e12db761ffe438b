import {
  createExtensionPoint,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type {
  GroundworkEnvironment,
  GroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import type {
  DriftCheckSource,
  DriftedResource,
  DriftResult,
} from '@groundwork/plugin-platform-status-common';

/** What a source may know of a mirrored catalog entity. */
export interface SourceEntity {
  entityRef: string;
  settings: {
    /** Argo CD applications named by `groundwork.dev/argocd-apps`, per environment. */
    argocdApps: Record<string, { instance?: string; app: string }>;
    /** Value of the cost-allocation tag that names this entity. */
    costAllocation: string;
    /**
     * `backstage.io/kubernetes-id`: the name of the entity's workloads and of
     * the namespace the new-service template puts them in.
     */
    kubernetesId?: string;
  };
}

/** An application's delivery state as the entity page shows it. */
export interface DeliveryData {
  instance: string;
  appName: string;
  appNamespace?: string;
  /** The Argo CD project of the app (asked with every call on it). */
  project?: string;
  syncStatus?: string;
  healthStatus?: string;
  revision?: string;
  lastDeployedAt?: string;
  url?: string;
  /** Git URL of the app's source (for links to commits and diffs). */
  repoURL?: string;
  /** Whether automated sync is on: Argo CD then refuses rollbacks. */
  automatedSync?: boolean;
  /** The last or current sync operation. */
  operation?: {
    phase: string;
    startedAt?: string;
    finishedAt?: string;
    message?: string;
  };
  /** The commit of `revision`, as the source's repo server read it. */
  commit?: CommitMetadata;
}

/** A Git commit as Argo CD reads it (`v1alpha1RevisionMetadata`). */
export interface CommitMetadata {
  /** e.g. "Jane Doe <jane@example.com>" */
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

/** One sync of an application: an entry of its history or its last operation. */
export interface DeploymentRecord {
  /**
   * Stable per app: the operation's start time (a history entry and the
   * operation that made it share it), or the history id when the entry has
   * no start time (Argo CD before 2.x).
   */
  key: string;
  /** Argo CD's history id: what a rollback names. Absent for a failed or running sync. */
  historyId?: number;
  revision?: string;
  repoURL?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The operation phase: Succeeded, Failed, Error, Running, Terminating. */
  result: string;
  /** The operation's message, e.g. why it failed. */
  message?: string;
  /** Who started it: a user name, or `automated`. */
  initiatedBy?: string;
  commit?: CommitMetadata;
  /** Images the app ran after this sync, when it is the current one. */
  images?: string[];
}

/** One application placed on an entity's environment. */
export interface DeliveryItem {
  entityRef: string;
  environment: string;
  data: DeliveryData;
  /** Its syncs, oldest first, as the app's status shows them now. */
  deployments?: DeploymentRecord[];
}

/** How one collection of one origin went. */
export type CollectionResult =
  | { ok: true; at: string }
  | { ok: false; at: string; error: string };

/**
 * The part of platform status a delivery collector writes to: no reads
 * beyond the catalog mirror and the configured environments.
 */
export interface DeliveryRecorder {
  readonly environments: GroundworkEnvironments;
  /** Every entity the catalog sync mirrored. */
  mirroredEntities(): Promise<SourceEntity[]>;
  /**
   * Replaces what one origin (an Argo CD instance) delivers, within `scope`
   * when given (a refresh of one entity). Returns the entities touched.
   */
  recordDelivery(
    origin: string,
    items: DeliveryItem[],
    at: string,
    scope?: { entityRef: string },
  ): Promise<string[]>;
  /** How the last collection of one origin went; a failure shows on its entities. */
  recordCollection(origin: string, outcome: CollectionResult): Promise<void>;
  /**
   * What one origin delivered when last recorded, by `entityRef` and
   * `environment` joined with a newline: lets a collector skip work for
   * apps that did not change (e.g. reading a commit it already has).
   */
  recordedDelivery?(origin: string): Promise<Map<string, DeliveryData>>;
  /** Recomputes the portfolio rows of these entities (once per cycle). */
  refreshOverview(entityRefs: string[]): Promise<void>;
}

/**
 * Collects what is deployed where (the `delivery` part of the status). The
 * platform-status plugin runs `collect` on Backstage's scheduler, so with
 * several replicas on one database each cycle runs once.
 */
export interface DeliveryCollector {
  /** Names the scheduled task (`platform-status-<id>`) and the collector's outcomes. */
  id: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /**
   * The origins it collects from, and the one an environment without its
   * own uses: an environment delivered from another shows as not configured.
   */
  origins: { names: string[]; defaultOrigin?: string };
  collect(recorder: DeliveryRecorder, signal?: AbortSignal): Promise<void>;
  /** Re-reads one entity now (the refresh route). */
  collectEntity?(
    entity: SourceEntity,
    recorder: DeliveryRecorder,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * Starts a sync of one app (as recorded) to its target revision, with the
   * collector's own credentials. The caller has checked who may; throws a
   * Backstage error that says what the delivery system answered.
   */
  sync?(
    target: DeliveryData,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
  /** Starts a rollback of one app to the sync its history names by id. */
  rollback?(
    target: DeliveryData,
    historyId: number,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
}

/** Month-to-date spend of one allocation value in one environment. */
export interface CostActual {
  /** Value of the cost-allocation tag (`groundwork.dev/cost-allocation`). */
  allocation: string;
  environment: string;
  amount: number;
}

export interface CostActualsResult {
  currency: string;
  /** First day of the month and the exclusive end day, `YYYY-MM-DD`. */
  period: { start: string; end: string };
  items: CostActual[];
}

/**
 * A billing source for actual cost. Implementations make as few provider
 * calls as they can per cycle (billing APIs are rate-limited and may charge
 * per request) and throw with a sentence that says what to fix. The
 * platform-status plugin calls it on `platformStatus.cost.schedule`.
 */
export interface CostActualsSource {
  /** Shown as the origin of the data, e.g. `aws-cost-explorer`. */
  readonly name: string;
  /** Whether this source can tell an environment's spend apart. */
  covers(environment: GroundworkEnvironment): boolean;
  /** Month-to-date amounts for these allocation values, in covered environments. */
  fetchMonthToDate(request: {
    allocations: string[];
    environments: GroundworkEnvironment[];
    now: Date;
    signal?: AbortSignal;
  }): Promise<CostActualsResult>;
}

/** `YYYY-MM-DD` of a UTC date. */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The current month so far: first day to tomorrow (exclusive), UTC. */
export function monthToDate(now: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  );
  return { start: day(start), end: day(end) };
}

/** Kyverno's verdicts, as `wgpolicyk8s.io` policy report results say them. */
export type AdmissionResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

/**
 * One policy rule's verdict on one in-cluster resource, from a policy
 * report (admission or background scan), kept apart from the plan-time
 * findings of Terraform runs.
 */
export interface AdmissionFinding {
  /** `<policy>/<rule>`: the ClusterPolicy's name and its rule's. */
  ruleId: string;
  policy: string;
  rule?: string;
  /** What wrote the result (`kyverno`). */
  engine: string;
  result: AdmissionResult;
  /** The report's severity; `info` and an absent one are `low`. */
  severity: 'critical' | 'high' | 'medium' | 'low';
  /** `<Kind> <namespace>/<name>` of the resource judged. */
  address: string;
  /** `<apiVersion>/<Kind>` of the resource judged. */
  resourceType: string;
  message: string;
  scored: boolean;
  /** When the engine judged it (ISO 8601), if the report says. */
  at?: string;
}

/** The findings one cluster holds on one entity in its environment. */
export interface AdmissionItem {
  entityRef: string;
  environment: string;
  findings: AdmissionFinding[];
}

/**
 * The part of platform status an admission collector writes to: the
 * catalog mirror and configured environments to read, one origin's
 * findings and outcome to write.
 */
export interface AdmissionRecorder {
  readonly environments: GroundworkEnvironments;
  mirroredEntities(): Promise<SourceEntity[]>;
  /**
   * Replaces what one cluster said (its environment's admission findings):
   * entities it no longer reports on lose theirs. Returns the entities touched.
   */
  recordAdmission(
    cluster: string,
    environment: string,
    items: AdmissionItem[],
    at: string,
  ): Promise<string[]>;
  /** How the last read of one cluster went; a failure shows on its environment. */
  recordCollection(cluster: string, outcome: CollectionResult): Promise<void>;
  refreshOverview(entityRefs: string[]): Promise<void>;
}

/**
 * Collects in-cluster policy verdicts (the `admission` part of compliance)
 * on Backstage's scheduler, like a delivery collector: once per cycle
 * whatever the number of replicas.
 */
export interface AdmissionCollector {
  /** Names the scheduled task (`platform-status-<id>`). */
  id: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The cluster read for each environment it covers, by environment name. */
  clusters: Record<string, string>;
  collect(recorder: AdmissionRecorder, signal?: AbortSignal): Promise<void>;
}

/** One environment's infrastructure to check for drift. */
export interface DriftTarget {
  entityRef: string;
  environment: string;
  /** The `groundwork.dev/terraform-state` value for the environment. */
  stateLocation: string;
}

/** What one drift check found. */
export interface DriftCheckResult {
  result: DriftResult;
  /** Drifted resources; empty unless `drifted`. */
  resources: DriftedResource[];
  /** Why `unknown`, as a sentence that says what to fix (secrets redacted). */
  reason?: string;
  /** Where people can see the check (the workspace's health page). */
  url?: string;
  /** When the check ran, if not now (an HCP assessment's own time). */
  checkedAt?: string;
}

/**
 * Tells whether an environment's real infrastructure still matches its
 * Terraform state. The platform-status plugin calls `check` on
 * `platformStatus.drift.schedule`, a few at a time, for every environment
 * whose state location the source `covers`. A check that cannot tell
 * returns `unknown` with a reason; a throw is recorded the same way.
 */
export interface DriftSource {
  readonly id: DriftCheckSource;
  /**
   * Set when the source is installed but switched off (it needs an opt-in):
   * the environments it covers are never checked, and show drift as not
   * configured with this sentence, which says what turns it on.
   */
  readonly disabledReason?: string;
  /** Whether this source checks the state at this location. */
  covers(stateLocation: string): boolean;
  check(target: DriftTarget, signal?: AbortSignal): Promise<DriftCheckResult>;
}

export interface PlatformStatusSourcesExtensionPoint {
  addDeliveryCollector(collector: DeliveryCollector): void;
  /** In-cluster policy findings; one collector per backend. */
  setAdmissionCollector(collector: AdmissionCollector): void;
  /** One billing source per backend: a second is refused at startup. */
  setCostActualsSource(source: CostActualsSource): void;
  /**
   * One per kind (`hcp-assessment`, `cli-refresh-only`); the first enabled
   * one that covers a state location checks it.
   */
  addDriftSource(source: DriftSource): void;
}

/**
 * Modules of the platform-status plugin hand it their sources here; the
 * plugin keeps scheduling, storage and the status model.
 */
export const platformStatusSourcesExtensionPoint =
  createExtensionPoint<PlatformStatusSourcesExtensionPoint>({
    id: 'groundwork.platform-status.sources',
  });
