import type {
  InfrastructureRunReport,
  OverviewRow,
  OverviewSortField,
} from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { OverviewFilter } from '../permissions/conditionsToSql';
import type { StatusContext } from '../status/buildEntityStatus';
import type {
  CollectionOutcome,
  DeliveryData,
  SnapshotRecord,
} from '../status/types';

export interface OverviewQuery {
  owner?: string[];
  kind?: string[];
  system?: string[];
  environment?: string[];
  sort: OverviewSortField;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface DeliveryItem {
  entityRef: string;
  environment: string;
  data: DeliveryData;
}

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

export type CollectionResult =
  | { ok: true; at: string }
  | { ok: false; at: string; error: string };

/**
 * Everything platform status keeps. Each write keeps the overview rows in
 * step, so reads are single queries.
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
  /** Snapshots without findings, by entity ref. */
  readSnapshots(entityRefs: string[]): Promise<Map<string, SnapshotRecord[]>>;
  recordInfrastructureRun(report: InfrastructureRunReport): Promise<void>;
  replaceDelivery(
    instance: string,
    items: DeliveryItem[],
    at: string,
    scope?: { entityRef: string },
  ): Promise<string[]>;
  replaceCostActuals(
    source: string,
    currency: string,
    period: { start: string; end: string },
    items: CostItem[],
    at: string,
  ): Promise<string[]>;

  // Overview
  refreshOverview(entityRefs: string[], ctx: StatusContext): Promise<void>;
  queryOverview(
    query: OverviewQuery,
    readable?: ReadableFilter,
  ): Promise<{ items: OverviewRow[]; totalCount: number }>;
  queryOverviewFiltered(
    query: OverviewQuery,
    canRead: (entityRef: string) => boolean,
  ): Promise<{ items: OverviewRow[]; totalCount: number }>;
  /** Refreshes the planner's statistics after bulk changes. */
  analyze(): Promise<void>;

  // History, collector outcomes, refresh claims
  recordCollection(
    collector: 'argocd' | 'cost',
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
}
