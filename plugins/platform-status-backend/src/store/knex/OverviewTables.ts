import type {
  OverviewRow,
  OverviewSortField,
  RollupEnvironment,
} from '@groundwork/plugin-platform-status-common';
import { UNHEALTHY_STATES } from '../../alerts/conditions';
import { rollupRows } from '../../status/rollup';
import { Knex } from 'knex';
import type { OverviewFilter } from '../../permissions/conditionsToSql';
import type {
  OverviewFilters,
  OverviewQuery,
  OverviewRecord,
  ReadableFilter,
} from '../StatusStore';
import { PromiseCache } from '../../cache/PromiseCache';
import { chunks } from './chunks';
import {
  ENTITIES,
  OVERVIEW,
  OWNERS,
  OverviewDbRow,
  fromOverviewDbRow,
  toOverviewDbRow,
} from './rows';

const COUNT_CACHE_MS = 5_000;

const SORT_COLUMNS: Record<OverviewSortField, string> = {
  cost: 'sort_cost',
  budgetUse: 'sort_budget',
  compliance: 'sort_compliance',
  name: 'name',
};

/**
 * The portfolio rows (one per entity and environment, kept in step with the
 * snapshots) and the short-lived cache of their counts.
 */
export class OverviewTables {
  private readonly counts = new PromiseCache<number>({
    ttlMs: COUNT_CACHE_MS,
    max: 1000,
  });

  constructor(private readonly knex: Knex) {}

  async replaceOverview(entityRefs: string[], records: OverviewRecord[]) {
    const rows = records.map(r =>
      toOverviewDbRow(r.row, r.order, r.name, r.projectedMonthly),
    );
    await this.knex.transaction(async trx => {
      for (const batch of chunks(entityRefs))
        await trx(OVERVIEW).whereIn('entity_ref', batch).delete();
      for (const part of chunks(rows, 100)) await trx(OVERVIEW).insert(part);
    });
    this.forgetCounts();
  }

  private filtered(query: OverviewFilters, readable?: OverviewFilter) {
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
    readable?: ReadableFilter,
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
    readable?: ReadableFilter,
  ): Promise<number> {
    const key = JSON.stringify([
      readable?.signature ?? 'all',
      query.owner,
      query.kind,
      query.system,
      query.environment,
    ]);
    return this.counts.get(key, () =>
      this.filtered(query, readable?.filter)
        .count({ count: '*' })
        .then(([row]) => Number(row.count)),
    );
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

  /**
   * Per environment, the sums and counts of the filtered rows, in one
   * grouped query (an index-free scan of the matching rows; no row leaves
   * the database). The conditions are alertConditionsOf's, in SQL.
   */
  async rollupOverview(
    query: OverviewFilters,
    readable?: ReadableFilter,
  ): Promise<RollupEnvironment[]> {
    const k = this.knex;
    const count = (
      alias: string,
      condition: string,
      bindings: readonly string[] = [],
    ) =>
      k.raw(`sum(case when ${condition} then 1 else 0 end) as ??`, [
        ...bindings,
        alias,
      ]);
    const unhealthy = `health_status in (${UNHEALTHY_STATES.map(() => '?').join(
      ', ',
    )})`;
    const drifted = "drift_result = 'drifted'";
    const failed = "infrastructure_result = 'failed'";
    const critical = 'failed_critical > 0';
    const over = 'budget_used > 1';
    const rows = await this.filtered(query, readable?.filter)
      .select(
        'environment',
        k.raw('min(environment_order) as environment_order'),
        k.raw('count(*) as entities'),
        k.raw('sum(estimated_monthly) as estimated_monthly'),
        k.raw('sum(actual_month_to_date) as actual_month_to_date'),
        k.raw('sum(budget_monthly) as budget_monthly'),
        count('degraded', unhealthy, UNHEALTHY_STATES),
        count('drifted', drifted),
        count('infrastructure_failed', failed),
        count('with_critical', critical),
        count('over_budget', over),
        count(
          'needs_attention',
          `${unhealthy} or ${drifted} or ${failed} or ${critical} or ${over}`,
          UNHEALTHY_STATES,
        ),
      )
      .groupBy('environment')
      .orderByRaw('min(environment_order)');
    const num = (v: unknown) => (v === null ? null : Number(v));
    return (rows as any[]).map(r => ({
      environment: r.environment,
      entities: Number(r.entities),
      estimatedMonthly: num(r.estimated_monthly),
      actualMonthToDate: num(r.actual_month_to_date),
      budgetMonthly: num(r.budget_monthly),
      needsAttention: Number(r.needs_attention),
      degraded: Number(r.degraded),
      drifted: Number(r.drifted),
      infrastructureFailed: Number(r.infrastructure_failed),
      withCriticalFindings: Number(r.with_critical),
      overBudget: Number(r.over_budget),
    }));
  }

  /** The same when only a predicate tells what the caller may read. */
  async rollupOverviewFiltered(
    query: OverviewFilters,
    canRead: (entityRef: string) => boolean,
  ): Promise<RollupEnvironment[]> {
    const rows: OverviewDbRow[] = await this.filtered(query).select();
    return rollupRows(
      rows
        .filter(r => canRead(r.entity_ref))
        .map(r => ({
          ...fromOverviewDbRow(r),
          order: Number(r.environment_order),
        })),
    );
  }

  /**
   * Refreshes the planner's statistics of the tables overview reads use after bulk
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
}
