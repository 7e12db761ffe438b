import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { Knex } from 'knex';
import type { MirroredEntity } from '../../catalog/entitySettings';
import { estimateOf, forecastMonthly } from '../../status/buildEntityStatus';
import { sortFindings } from '../../status/findingsOrder';
import type {
  CostData,
  InfrastructureData,
  SnapshotRecord,
  TrendPoint,
} from '../../status/types';
import type { CostItem, DeliveryItem } from '../StatusStore';
import { chunks } from './chunks';
import {
  ENTITIES,
  EntityRow,
  HISTORY,
  OVERVIEW,
  OWNERS,
  SNAPSHOTS,
  SnapshotRow,
  fromEntityRow,
  fromSnapshotRow,
  toEntityRow,
} from './rows';

/**
 * The catalog mirror (entities and their owners) and the snapshots of what
 * each source last said about an entity's environments.
 */
export class EntityTables {
  private readEntitySql?: string;

  constructor(
    private readonly knex: Knex,
    private readonly trendPoints: number,
  ) {}

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
}
