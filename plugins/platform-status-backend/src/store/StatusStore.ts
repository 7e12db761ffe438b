import { DatabaseService } from '@backstage/backend-plugin-api';
import { packageMigrationsDir } from '@groundwork/plugin-groundwork-node';
import type {
  InfrastructureRunReport,
  OverviewRow,
  OverviewSortField,
} from '@groundwork/plugin-platform-status-common';
import { Knex } from 'knex';
import type { MirroredEntity } from '../catalog/entitySettings';
import { sortFindings } from '../status/findingsOrder';
import {
  StatusContext,
  buildEntityStatus,
  estimateOf,
  forecastMonthly,
  overviewRowOf,
} from '../status/buildEntityStatus';
import type {
  CollectionOutcome,
  CostData,
  DeliveryData,
  InfrastructureData,
  SnapshotRecord,
  TrendPoint,
} from '../status/types';
import type { OverviewFilter } from '../permissions/conditionsToSql';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  COLLECTIONS,
  ENTITIES,
  EntityRow,
  HISTORY,
  OVERVIEW,
  OverviewDbRow,
  OWNERS,
  REFRESHES,
  SNAPSHOTS,
  SnapshotRow,
  fromEntityRow,
  fromOverviewDbRow,
  fromSnapshotRow,
  toEntityRow,
  toOverviewDbRow,
} from './rows';

const COUNT_CACHE_MS = 5_000;

/** Rows per statement: stays under SQLite's bound-parameter limit. */
const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

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

const SORT_COLUMNS: Record<OverviewSortField, string> = {
  cost: 'sort_cost',
  budgetUse: 'sort_budget',
  compliance: 'sort_compliance',
  name: 'name',
};

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

/**
 * Everything platform status keeps, on the plugin's database. Each write
 * keeps `platform_status_overview` in step, so reads are single queries.
 */
export class StatusStore {
  static async create(options: {
    database: DatabaseService;
    trendPoints: number;
  }): Promise<StatusStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      // Replicas starting together on an empty database race to create
      // knex's own bookkeeping tables; the loser retries once they exist.
      for (let attempt = 1; ; attempt++) {
        try {
          await knex.migrate.latest({
            directory: packageMigrationsDir(
              '@groundwork/plugin-platform-status-backend',
              // Only the workspace fallback uses it; installed, the package path resolves.
              // eslint-disable-next-line no-restricted-syntax
              __dirname,
            ),
            tableName: 'platform_status__knex_migrations',
          });
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise(r => setTimeout(r, 500 * attempt));
        }
      }
    }
    return new StatusStore(knex, options.trendPoints);
  }

  private readEntitySql?: string;
  private readonly counts = new Map<
    string,
    { expires: number; value: Promise<number> }
  >();

  constructor(readonly knex: Knex, private readonly trendPoints: number) {}

  // ---- catalog mirror -------------------------------------------------

  async upsertEntities(entities: MirroredEntity[], syncedAt: string) {
    for (const batch of chunks(entities)) {
      await this.knex.transaction(async trx => {
        await trx(ENTITIES)
          .insert(batch.map(e => toEntityRow(e, syncedAt)))
          .onConflict('entity_ref')
          .merge();
        const refs = batch.map(e => e.entityRef);
        await trx(OWNERS).whereIn('entity_ref', refs).delete();
        const owners = batch.flatMap(e =>
          [
            ...new Set(
              (e.entity.relations ?? [])
                .filter(r => r.type === RELATION_OWNED_BY)
                .map(r => r.targetRef.toLocaleLowerCase('en-US')),
            ),
          ].map(owner_ref => ({ entity_ref: e.entityRef, owner_ref })),
        );
        for (const part of chunks(owners, 300)) await trx(OWNERS).insert(part);
      });
    }
  }

  /** Removes entities the catalog no longer has; returns their refs. */
  async deleteEntitiesSyncedBefore(syncedAt: string): Promise<string[]> {
    const gone = await this.knex(ENTITIES)
      .where('synced_at', '<', syncedAt)
      .pluck('entity_ref');
    for (const batch of chunks(gone)) {
      await this.knex(ENTITIES).whereIn('entity_ref', batch).delete();
      await this.knex(OWNERS).whereIn('entity_ref', batch).delete();
      await this.knex(OVERVIEW).whereIn('entity_ref', batch).delete();
    }
    return gone;
  }

  /** Every entity something has reported status for. */
  async refsWithSnapshots(): Promise<string[]> {
    return this.knex(SNAPSHOTS).distinct('entity_ref').pluck('entity_ref');
  }

  async allEntities(): Promise<MirroredEntity[]> {
    const rows = await this.knex<EntityRow>(ENTITIES).select();
    return rows.map(fromEntityRow);
  }

  // ---- the entity read path --------------------------------------------

  /** One query: the entity and every snapshot it has. */
  async readEntity(entityRef: string): Promise<
    | {
        entity: MirroredEntity;
        snapshots: SnapshotRecord[];
      }
    | undefined
  > {
    // The hottest query: its SQL is built once, not per request.
    this.readEntitySql ??= this.knex(`${ENTITIES} as e`)
      .leftJoin(`${SNAPSHOTS} as s`, 's.entity_ref', 'e.entity_ref')
      .where('e.entity_ref', '?')
      .select(
        'e.entity_ref',
        'e.kind',
        'e.namespace',
        'e.name',
        'e.title',
        'e.owner',
        'e.system',
        'e.settings',
        'e.entity',
        'e.synced_at',
        's.environment',
        's.source',
        's.state',
        's.as_of',
        's.origin',
        's.run_id',
        's.data',
        's.findings',
      )
      .toSQL().sql;
    const result = await this.knex.raw(this.readEntitySql, [entityRef]);
    // pg answers { rows }, SQLite an array.
    const rows: any[] = Array.isArray(result) ? result : result.rows;
    if (rows.length === 0) return undefined;
    return {
      entity: fromEntityRow(rows[0]),
      snapshots: rows
        .filter(r => r.source)
        .map(r => fromSnapshotRow(r as SnapshotRow)),
    };
  }

  async readSnapshots(entityRefs: string[]) {
    const byRef = new Map<string, SnapshotRecord[]>();
    for (const batch of chunks(entityRefs)) {
      // Findings are not needed for counts and overview rows.
      const rows = await this.knex<SnapshotRow>(SNAPSHOTS)
        .whereIn('entity_ref', batch)
        .select(
          'entity_ref',
          'environment',
          'source',
          'state',
          'as_of',
          'origin',
          'run_id',
          'data',
        );
      for (const row of rows) {
        const list = byRef.get(row.entity_ref) ?? [];
        list.push(fromSnapshotRow(row));
        byRef.set(row.entity_ref, list);
      }
    }
    return byRef;
  }

  // ---- infrastructure runs ---------------------------------------------

  /**
   * Records a run. A report with a known run id replaces that run; a run
   * that finished before the stored one goes to history only.
   */
  async recordInfrastructureRun(report: InfrastructureRunReport) {
    const now = new Date().toISOString();
    await this.knex.transaction(async trx => {
      const key = {
        entity_ref: report.entityRef,
        environment: report.environment,
        source: 'infrastructure',
      };
      const existing = await trx<SnapshotRow>(SNAPSHOTS).where(key).first();
      const previous: InfrastructureData | undefined = existing
        ? JSON.parse(existing.data)
        : undefined;
      const replacesSame = previous?.run.runId === report.runId;
      const isOlder =
        previous &&
        !replacesSame &&
        previous.run.finishedAt > report.finishedAt;

      const {
        entityRef: _e,
        environment: _env,
        findings,
        compliance,
        cost,
        ...run
      } = report;
      // A run that stopped before planning says nothing about compliance or
      // cost: the last evaluated run keeps standing.
      const evaluation = cost
        ? {
            runId: report.runId,
            result: report.result,
            finishedAt: report.finishedAt,
            compliance,
            cost,
          }
        : undefined;

      if (!isOlder) {
        let trend = (previous?.trend ?? []).filter(
          p => !(replacesSame && p.at === previous?.run.finishedAt),
        );
        const data: InfrastructureData = {
          run,
          evaluation: evaluation ?? previous?.evaluation,
          trend,
        };
        if (evaluation) {
          const point: TrendPoint = {
            at: report.finishedAt,
            estimatedMonthly: estimateOf(data) ?? undefined,
          };
          trend = [...trend, point].slice(-this.trendPoints);
          data.trend = trend;
        }
        await trx(SNAPSHOTS)
          .insert({
            ...key,
            state: 'ok',
            as_of: report.finishedAt,
            origin: report.executor,
            run_id: report.runId,
            data: JSON.stringify(data),
            findings: evaluation
              ? JSON.stringify(sortFindings(findings))
              : existing?.findings ?? null,
          })
          .onConflict(['entity_ref', 'environment', 'source'])
          .merge();
      }
      await trx(HISTORY).insert({
        ...key,
        as_of: report.finishedAt,
        point: JSON.stringify({
          runId: report.runId,
          result: report.result,
          recordedAt: now,
          score: evaluation?.compliance.score,
          estimatedMonthly: evaluation
            ? estimateOf({ run, evaluation, trend: [] })
            : undefined,
        }),
      });
    });
  }

  // ---- delivery (Argo CD) ----------------------------------------------

  /**
   * Replaces what one Argo CD instance reported: writes apps that changed,
   * removes apps it no longer lists (within `scope` when given: a refresh of
   * one entity). Returns the entities touched.
   */
  async replaceDelivery(
    instance: string,
    items: DeliveryItem[],
    at: string,
    scope?: { entityRef: string },
  ): Promise<string[]> {
    const touched = new Set<string>();
    await this.knex.transaction(async trx => {
      const existing: SnapshotRow[] = await trx<SnapshotRow>(SNAPSHOTS)
        .where({ source: 'delivery', origin: instance })
        .modify(q => {
          if (scope) q.where('entity_ref', scope.entityRef);
        })
        .select('entity_ref', 'environment', 'data');
      const old = new Map<string, string>(
        existing.map(r => [`${r.entity_ref}\n${r.environment}`, r.data]),
      );
      const writes: Record<string, unknown>[] = [];
      const history: Record<string, unknown>[] = [];
      for (const item of items) {
        const id = `${item.entityRef}\n${item.environment}`;
        const data = JSON.stringify(item.data);
        const before = old.get(id);
        old.delete(id);
        if (before === data) continue;
        touched.add(item.entityRef);
        writes.push({
          entity_ref: item.entityRef,
          environment: item.environment,
          source: 'delivery',
          state: 'ok',
          as_of: at,
          origin: instance,
          run_id: null,
          data,
        });
        history.push({
          entity_ref: item.entityRef,
          environment: item.environment,
          source: 'delivery',
          as_of: at,
          point: JSON.stringify({
            syncStatus: item.data.syncStatus,
            healthStatus: item.data.healthStatus,
            revision: item.data.revision,
          }),
        });
      }
      for (const batch of chunks(writes)) {
        await trx(SNAPSHOTS)
          .insert(batch)
          .onConflict(['entity_ref', 'environment', 'source'])
          .merge();
      }
      for (const batch of chunks(history)) await trx(HISTORY).insert(batch);
      for (const id of old.keys()) {
        const [entityRef, environment] = id.split('\n');
        touched.add(entityRef);
        await trx(SNAPSHOTS)
          .where({
            entity_ref: entityRef,
            environment,
            source: 'delivery',
            origin: instance,
          })
          .delete();
      }
    });
    return [...touched];
  }

  // ---- cost actuals -----------------------------------------------------

  /** Replaces one billing source's month-to-date amounts. */
  async replaceCostActuals(
    source: string,
    currency: string,
    period: { start: string; end: string },
    items: CostItem[],
    at: string,
  ): Promise<string[]> {
    const touched = new Set<string>();
    await this.knex.transaction(async trx => {
      const existing = await trx<SnapshotRow>(SNAPSHOTS)
        .where({ source: 'cost', origin: source })
        .select('entity_ref', 'environment', 'data');
      const old = new Map(
        existing.map(r => [
          `${r.entity_ref}\n${r.environment}`,
          JSON.parse(r.data) as CostData,
        ]),
      );
      const writes: Record<string, unknown>[] = [];
      const history: Record<string, unknown>[] = [];
      for (const item of items) {
        const id = `${item.entityRef}\n${item.environment}`;
        const before = old.get(id);
        old.delete(id);
        touched.add(item.entityRef);
        const day = at.slice(0, 10);
        const trend = (before?.trend ?? []).filter(
          p => p.at.slice(0, 10) !== day,
        );
        const data: CostData = {
          source,
          currency,
          actualMonthToDate: item.amount,
          periodStart: period.start,
          periodEnd: period.end,
          trend: [...trend, { at, actualMonthToDate: item.amount }].slice(
            -this.trendPoints,
          ),
        };
        writes.push({
          entity_ref: item.entityRef,
          environment: item.environment,
          source: 'cost',
          state: 'ok',
          as_of: at,
          origin: source,
          run_id: null,
          data: JSON.stringify(data),
        });
        history.push({
          entity_ref: item.entityRef,
          environment: item.environment,
          source: 'cost',
          as_of: at,
          point: JSON.stringify({
            actualMonthToDate: item.amount,
            forecastMonthly: forecastMonthly(data),
            periodStart: period.start,
          }),
        });
      }
      for (const batch of chunks(writes)) {
        await trx(SNAPSHOTS)
          .insert(batch)
          .onConflict(['entity_ref', 'environment', 'source'])
          .merge();
      }
      for (const batch of chunks(history)) await trx(HISTORY).insert(batch);
      for (const id of old.keys()) {
        const [entityRef, environment] = id.split('\n');
        touched.add(entityRef);
        await trx(SNAPSHOTS)
          .where({ entity_ref: entityRef, environment, source: 'cost' })
          .delete();
      }
    });
    return [...touched];
  }

  // ---- collector outcomes ----------------------------------------------

  async recordCollection(
    collector: 'argocd' | 'cost',
    origin: string,
    outcome:
      | { ok: true; at: string }
      | { ok: false; at: string; error: string },
  ) {
    const row = outcome.ok
      ? { last_success_at: outcome.at }
      : { last_error_at: outcome.at, last_error: outcome.error };
    await this.knex(COLLECTIONS)
      .insert({ collector, origin, ...row })
      .onConflict(['collector', 'origin'])
      .merge(Object.keys(row));
  }

  async readCollections(): Promise<Map<string, CollectionOutcome>> {
    const rows = await this.knex(COLLECTIONS).select();
    return new Map(
      rows.map(r => [
        `${r.collector}:${r.origin}`,
        {
          lastSuccessAt: r.last_success_at ?? undefined,
          lastErrorAt: r.last_error_at ?? undefined,
          lastError: r.last_error ?? undefined,
        },
      ]),
    );
  }

  // ---- overview ----------------------------------------------------------

  /** Recomputes the portfolio rows of these entities from their snapshots. */
  async refreshOverview(entityRefs: string[], ctx: StatusContext) {
    for (const batch of chunks([...new Set(entityRefs)])) {
      const entities = (
        await this.knex<EntityRow>(ENTITIES).whereIn('entity_ref', batch)
      ).map(fromEntityRow);
      const snapshots = await this.readSnapshots(batch);
      const rows: OverviewDbRow[] = [];
      for (const entity of entities) {
        const status = buildEntityStatus(
          entity,
          snapshots.get(entity.entityRef) ?? [],
          ctx,
        );
        for (const env of status.environments) {
          const projected =
            env.cost.estimatedMonthly === null &&
            (env.cost.forecastMonthly ?? null) === null
              ? null
              : Math.max(
                  env.cost.estimatedMonthly ?? 0,
                  env.cost.forecastMonthly ?? 0,
                );
          rows.push(
            toOverviewDbRow(
              overviewRowOf(entity, env),
              env.order,
              entity.name,
              projected,
            ),
          );
        }
      }
      await this.knex.transaction(async trx => {
        await trx(OVERVIEW).whereIn('entity_ref', batch).delete();
        for (const part of chunks(rows, 100)) await trx(OVERVIEW).insert(part);
      });
    }
    this.forgetCounts();
  }

  private filtered(query: OverviewQuery, readable?: OverviewFilter) {
    const q = this.knex<OverviewDbRow>(OVERVIEW);
    if (readable) readable(q, this.knex);
    if (query.owner?.length) q.whereIn('owner', query.owner);
    if (query.kind?.length) q.whereIn('kind', query.kind);
    if (query.system?.length) q.whereIn('system', query.system);
    if (query.environment?.length) q.whereIn('environment', query.environment);
    return q;
  }

  private ordered(q: Knex.QueryBuilder, query: OverviewQuery) {
    // Tie-breakers go the same way as the sort, so that one index
    // (sort key, entity_ref, environment_order) serves the whole order.
    return q
      .orderBy(SORT_COLUMNS[query.sort], query.order)
      .orderBy('entity_ref', query.order)
      .orderBy('environment_order', query.order);
  }

  /**
   * A page of rows, with `readable` (the caller's read conditions as SQL)
   * applied when the caller may not read everything.
   */
  async queryOverview(
    query: OverviewQuery,
    readable?: { filter: OverviewFilter; signature: string },
  ): Promise<{ items: OverviewRow[]; totalCount: number }> {
    const [rows, totalCount] = await Promise.all([
      this.ordered(this.filtered(query, readable?.filter).select(), query)
        .offset(query.offset)
        .limit(query.limit),
      this.count(query, readable),
    ]);
    return {
      items: (rows as OverviewDbRow[]).map(fromOverviewDbRow),
      totalCount,
    };
  }

  /**
   * Counting means visiting every matching row, while a page is an index
   * walk; so the count of one filter is reused for a few seconds (paging
   * through a list asks for the same count again and again).
   */
  private count(
    query: OverviewQuery,
    readable?: { filter: OverviewFilter; signature: string },
  ): Promise<number> {
    const key = JSON.stringify([
      readable?.signature ?? 'all',
      query.owner,
      query.kind,
      query.system,
      query.environment,
    ]);
    const now = Date.now();
    const hit = this.counts.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = this.filtered(query, readable?.filter)
      .count({ count: '*' })
      .then(([row]) => Number(row.count));
    value.catch(() => this.counts.delete(key));
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(key, { expires: now + COUNT_CACHE_MS, value });
    return value;
  }

  /** Forgets cached counts (after this replica changed the rows). */
  private forgetCounts() {
    this.counts.clear();
  }

  /**
   * The same page when only some entities may be read: walks the ordered
   * keys, keeps readable ones, then loads the page's rows.
   */
  async queryOverviewFiltered(
    query: OverviewQuery,
    canRead: (entityRef: string) => boolean,
  ): Promise<{ items: OverviewRow[]; totalCount: number }> {
    const keys: Array<{ entity_ref: string; environment: string }> =
      await this.ordered(
        this.filtered(query).select('entity_ref', 'environment'),
        query,
      );
    const readable = keys.filter(k => canRead(k.entity_ref));
    const page = readable.slice(query.offset, query.offset + query.limit);
    if (page.length === 0) return { items: [], totalCount: readable.length };
    const rows = await this.knex<OverviewDbRow>(OVERVIEW).whereIn(
      'entity_ref',
      [...new Set(page.map(p => p.entity_ref))],
    );
    const byKey = new Map(
      rows.map(r => [`${r.entity_ref}\n${r.environment}`, r]),
    );
    return {
      items: page
        .map(p => byKey.get(`${p.entity_ref}\n${p.environment}`))
        .filter((r): r is OverviewDbRow => Boolean(r))
        .map(fromOverviewDbRow),
      totalCount: readable.length,
    };
  }

  // ---- housekeeping -----------------------------------------------------

  /**
   * Refreshes the planner's statistics of the overview tables after bulk
   * changes. SQLite has none until asked, and without them it sorts every
   * matching row instead of walking the sort index for a page.
   */
  async analyze() {
    const client = this.knex.client.config.client;
    const sqlite =
      typeof client === 'string' ? client.includes('sqlite') : false;
    for (const table of [OVERVIEW, OWNERS, ENTITIES]) {
      await this.knex.raw(sqlite ? `ANALYZE ${table}` : `ANALYZE "${table}"`);
    }
  }

  async pruneHistory(before: string): Promise<number> {
    return this.knex(HISTORY).where('as_of', '<', before).delete();
  }

  async readHistory(entityRef: string, environment?: string) {
    const q = this.knex(HISTORY)
      .where('entity_ref', entityRef)
      .orderBy('as_of', 'asc');
    if (environment) q.where('environment', environment);
    const rows = await q.select();
    return rows.map(r => ({
      environment: r.environment as string,
      source: r.source as string,
      asOf: r.as_of as string,
      point: JSON.parse(r.point),
    }));
  }

  /**
   * Claims the right to refresh an entity now; false when another request
   * (on any replica) did within the interval.
   */
  async claimRefresh(
    entityRef: string,
    now: Date,
    minIntervalSeconds: number,
  ): Promise<{ ok: boolean; retryAfterSeconds: number }> {
    const nowIso = now.toISOString();
    const threshold = new Date(
      now.getTime() - minIntervalSeconds * 1000,
    ).toISOString();
    const claimed = await this.knex(REFRESHES)
      .insert({ entity_ref: entityRef, requested_at: nowIso })
      .onConflict('entity_ref')
      .merge()
      .where(`${REFRESHES}.requested_at`, '<=', threshold)
      .returning('entity_ref');
    if (claimed.length > 0) return { ok: true, retryAfterSeconds: 0 };
    const row = await this.knex(REFRESHES)
      .where('entity_ref', entityRef)
      .first();
    const next = Date.parse(row.requested_at) + minIntervalSeconds * 1000;
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)),
    };
  }
}
