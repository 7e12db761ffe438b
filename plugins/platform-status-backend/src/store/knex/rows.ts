import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../../catalog/entitySettings';
import type { SnapshotRecord, SnapshotSource } from '../../status/types';

export const ENTITIES = 'platform_status_entities';
export const SNAPSHOTS = 'platform_status_snapshots';
export const HISTORY = 'platform_status_history';
export const OVERVIEW = 'platform_status_overview';
export const COLLECTIONS = 'platform_status_collections';
export const REFRESHES = 'platform_status_refreshes';
export const OWNERS = 'platform_status_entity_owners';
export const DRIFT = 'platform_status_drift';
export const DEPLOYMENTS = 'platform_status_deployments';

export interface EntityRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  settings: string;
  entity: string;
  synced_at: string;
}

export interface SnapshotRow {
  entity_ref: string;
  environment: string;
  source: SnapshotSource;
  state: string;
  as_of: string;
  origin: string | null;
  run_id: string | null;
  data: string;
  findings?: string | null;
}

export interface OverviewDbRow {
  entity_ref: string;
  environment: string;
  environment_order: number;
  kind: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  sync_status: string | null;
  health_status: string | null;
  infrastructure_result: string | null;
  drift_result?: string | null;
  estimated_monthly: number | null;
  actual_month_to_date: number | null;
  budget_monthly: number | null;
  budget_used: number | null;
  compliance_score: number | null;
  failed_critical: number;
  failed_high: number;
  failed_medium: number;
  failed_low: number;
  as_of: string | null;
  sort_cost: number;
  sort_budget: number;
  sort_compliance: number;
}

export function toEntityRow(e: MirroredEntity, syncedAt: string): EntityRow {
  return {
    entity_ref: e.entityRef,
    kind: e.kind,
    namespace: e.namespace,
    name: e.name,
    title: e.title ?? null,
    owner: e.owner ?? null,
    system: e.system ?? null,
    settings: JSON.stringify(e.settings),
    entity: JSON.stringify(e.entity),
    synced_at: syncedAt,
  };
}

export function fromEntityRow(row: EntityRow): MirroredEntity {
  let entity: MirroredEntity['entity'] | undefined;
  // Only the column: the row may be a join holding a snapshot's findings,
  // which a reused response (EntityResponseCache) would otherwise keep.
  const json = row.entity;
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    title: row.title ?? undefined,
    owner: row.owner ?? undefined,
    system: row.system ?? undefined,
    settings: JSON.parse(row.settings),
    // Parsed on first use: only conditional permission decisions need it.
    get entity() {
      entity ??= JSON.parse(json);
      return entity!;
    },
  };
}

export function fromSnapshotRow(row: SnapshotRow): SnapshotRecord {
  return {
    environment: row.environment,
    source: row.source,
    asOf: row.as_of,
    origin: row.origin ?? undefined,
    data: JSON.parse(row.data),
    findingsJson: row.findings ?? undefined,
  };
}

export function toOverviewDbRow(
  row: OverviewRow,
  order: number,
  name: string,
  projected: number | null,
): OverviewDbRow {
  return {
    entity_ref: row.entityRef,
    environment: row.environment,
    environment_order: order,
    kind: row.kind,
    name,
    title: row.title ?? null,
    owner: row.owner ?? null,
    system: row.system ?? null,
    sync_status: row.syncStatus ?? null,
    health_status: row.healthStatus ?? null,
    infrastructure_result: row.infrastructureResult ?? null,
    drift_result: row.driftResult ?? null,
    estimated_monthly: row.estimatedMonthly,
    actual_month_to_date: row.actualMonthToDate,
    budget_monthly: row.budgetMonthly,
    budget_used: row.budgetUsed,
    compliance_score: row.complianceScore,
    failed_critical: row.failed.critical,
    failed_high: row.failed.high,
    failed_medium: row.failed.medium,
    failed_low: row.failed.low,
    as_of: row.asOf,
    // Unknown values sort after every known one in the default direction.
    sort_cost: projected ?? -1,
    sort_budget: row.budgetUsed ?? -1,
    sort_compliance: row.complianceScore ?? 101,
  };
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function fromOverviewDbRow(row: OverviewDbRow): OverviewRow {
  return {
    entityRef: row.entity_ref,
    title: row.title ?? undefined,
    kind: row.kind,
    owner: row.owner ?? undefined,
    system: row.system ?? undefined,
    environment: row.environment,
    syncStatus: row.sync_status ?? undefined,
    healthStatus: row.health_status ?? undefined,
    infrastructureResult:
      (row.infrastructure_result as OverviewRow['infrastructureResult']) ??
      undefined,
    driftResult: (row.drift_result as OverviewRow['driftResult']) ?? undefined,
    estimatedMonthly: num(row.estimated_monthly),
    actualMonthToDate: num(row.actual_month_to_date),
    budgetMonthly: num(row.budget_monthly),
    budgetUsed: num(row.budget_used),
    complianceScore: num(row.compliance_score),
    failed: {
      critical: Number(row.failed_critical),
      high: Number(row.failed_high),
      medium: Number(row.failed_medium),
      low: Number(row.failed_low),
    },
    asOf: row.as_of,
  };
}
