import type {
  OverviewRow,
  OverviewSortField,
  RollupEnvironment,
} from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { OverviewFilter } from '../permissions/conditionsToSql';
import type {
  CollectionResult,
  DeploymentRecord,
} from '@groundwork/plugin-platform-status-node';
import type {
  CollectorKind,
  CollectionOutcome,
  DriftRecord,
  SnapshotRecord,
  SnapshotSource,
} from '../status/types';

// What collectors hand in is defined where the modules that write it see it.
export type {
  CollectionResult,
  DeliveryItem,
} from '@groundwork/plugin-platform-status-node';

/** Which portfolio rows a query covers. */
export interface OverviewFilters {
  owner?: string[];
  kind?: string[];
  system?: string[];
  environment?: string[];
}

export interface OverviewQuery extends OverviewFilters {
  sort: OverviewSortField;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** One month-to-date amount of one entity's environment. */
export interface CostItem {
  entityRef: string;
  environment: string;
  amount: number;
}

/** The caller's read conditions as SQL, and a key that names them. */
export interface ReadableFilter {
  filter: OverviewFilter;
  signature: string;
}

export interface HistoryPoint {
  environment: string;
  source: string;
  asOf: string;
  point: any;
}

/** A snapshot as stored: data and findings as JSON text. */
export interface StoredSnapshot {
  entityRef: string;
  environment: string;
  data: string;
  findings: string | null;
}

/** A snapshot to write (insert, or replace the one with the same key). */
interface SnapshotWrite {
  entityRef: string;
  environment: string;
  source: SnapshotSource;
  asOf: string;
  origin: string | null;
  runId: string | null;
  data: string;
  /** Omitted: none (delivery, cost). */
  findings?: string | null;
}

interface HistoryWrite {
  entityRef: string;
  environment: string;
  source: SnapshotSource;
  asOf: string;
  point: unknown;
}

/** The syncs of one app on an entity's environment, to write. */
export interface DeploymentWrite {
  entityRef: string;
  environment: string;
  /** The Argo CD instance. */
  origin: string;
  appName: string;
  appNamespace?: string;
  deployments: DeploymentRecord[];
}

/** A sync as stored, with the app it belongs to. */
export interface StoredDeployment extends DeploymentRecord {
  origin: string;
  appName: string;
  appNamespace?: string;
}

/** What one change of a source's snapshots writes, all or nothing. */
export interface SnapshotChanges {
  writes: SnapshotWrite[];
  history: HistoryWrite[];
  /** Deployment history of apps whose delivery changed. */
  deployments?: DeploymentWrite[];
  /** Snapshots of the selected source (and origin) to remove. */
  deletes: Array<{ entityRef: string; environment: string }>;
}

/** Which snapshots a change reads: one source, narrowed by the rest. */
export interface SnapshotSelection {
  source: SnapshotSource;
  origin?: string;
  entityRef?: string;
  environment?: string;
}

/** One portfolio row as stored, with what the list sorts by. */
export interface OverviewRecord {
  row: OverviewRow;
  /** The environment's position in `groundwork.environments`. */
  order: number;
  name: string;
  projectedMonthly: number | null;
}

/**
 * Everything platform status keeps, as rows: the store reads and writes
 * them; what they mean (trends, forecasts, overview rows) is computed in
 * `status/` and handed in ready to write.
 */
export interface StatusStore {
  // Catalog mirror and snapshots
  upsertEntities(entities: MirroredEntity[], syncedAt: string): Promise<void>;
  /** Removes entities the catalog no longer has; returns their refs. */
  deleteEntitiesSyncedBefore(syncedAt: string): Promise<string[]>;
  /** Every entity something has reported status for. */
  refsWithSnapshots(): Promise<string[]>;
  allEntities(): Promise<MirroredEntity[]>;
  /** One query: the entity and every snapshot it has. */
  readEntity(
    entityRef: string,
  ): Promise<
    { entity: MirroredEntity; snapshots: SnapshotRecord[] } | undefined
  >;
  /** The data of the selected snapshots, by entity ref and environment (newline-joined). */
  readSnapshotData(selection: SnapshotSelection): Promise<Map<string, string>>;
  /** An environment's deployment history, newest first. */
  readDeployments(
    entityRef: string,
    environment: string,
    limit: number,
  ): Promise<StoredDeployment[]>;
  /** Snapshots without findings, by entity ref. */
  readSnapshots(entityRefs: string[]): Promise<Map<string, SnapshotRecord[]>>;
  /** The mirrored entities with these refs (those it has). */
  readEntities(entityRefs: string[]): Promise<MirroredEntity[]>;
  /**
   * Reads the selected snapshots and writes the changes `plan` makes of
   * them, in one transaction: concurrent writers (replicas, collectors) see
   * each other's results, never half of one.
   */
  changeSnapshots(
    selection: SnapshotSelection,
    plan: (existing: StoredSnapshot[]) => SnapshotChanges,
  ): Promise<void>;

  // Overview
  /** Replaces the portfolio rows of these entities with `records`. */
  replaceOverview(
    entityRefs: string[],
    records: OverviewRecord[],
  ): Promise<void>;
  queryOverview(
    query: OverviewQuery,
    readable?: ReadableFilter,
  ): Promise<{ items: OverviewRow[]; totalCount: number }>;
  queryOverviewFiltered(
    query: OverviewQuery,
    canRead: (entityRef: string) => boolean,
  ): Promise<{ items: OverviewRow[]; totalCount: number }>;
  /** Per environment, the sums and counts of the filtered rows. */
  rollupOverview(
    query: OverviewFilters,
    readable?: ReadableFilter,
  ): Promise<RollupEnvironment[]>;
  rollupOverviewFiltered(
    query: OverviewFilters,
    canRead: (entityRef: string) => boolean,
  ): Promise<RollupEnvironment[]>;
  /** Refreshes the planner's statistics after bulk changes. */
  analyze(): Promise<void>;

  // History, collector outcomes, refresh claims
  recordCollection(
    collector: CollectorKind,
    origin: string,
    outcome: CollectionResult,
  ): Promise<void>;
  readCollections(): Promise<Map<string, CollectionOutcome>>;
  readHistory(entityRef: string, environment?: string): Promise<HistoryPoint[]>;
  pruneHistory(before: string): Promise<number>;
  /**
   * Claims the right to refresh an entity now; false when another request
   * (on any replica) did within the interval.
   */
  claimRefresh(
    entityRef: string,
    now: Date,
    minIntervalSeconds: number,
  ): Promise<{ ok: boolean; retryAfterSeconds: number }>;

  // Drift checks (one row per entity and environment)
  writeDrift(record: DriftRecord): Promise<void>;
  readDrift(entityRefs: string[]): Promise<Map<string, DriftRecord[]>>;
  /** When each environment was last checked, keyed `<entityRef>\u0000<environment>`. */
  driftCheckedTimes(): Promise<Map<string, string>>;
  /** Removes checks of entities no longer mirrored; returns how many. */
  pruneDrift(): Promise<number>;
}
