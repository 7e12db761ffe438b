import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { Knex } from 'knex';
import type { MirroredEntity } from '../../catalog/entitySettings';
import type { SnapshotRecord } from '../../status/types';
import type {
  SnapshotChanges,
  SnapshotSelection,
  StoredSnapshot,
} from '../StatusStore';
import { chunks } from './chunks';
import { writeDeployments } from './DeploymentTables';
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

  constructor(private readonly knex: Knex) {}

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

  async readEntities(entityRefs: string[]): Promise<MirroredEntity[]> {
    const out: MirroredEntity[] = [];
    for (const batch of chunks(entityRefs)) {
      const rows = await this.knex<EntityRow>(ENTITIES).whereIn(
        'entity_ref',
        batch,
      );
      out.push(...rows.map(fromEntityRow));
    }
    return out;
  }

  async readSnapshotData(
    selection: SnapshotSelection,
  ): Promise<Map<string, string>> {
    const rows: SnapshotRow[] = await this.knex<SnapshotRow>(SNAPSHOTS)
      .where(whereOf(selection))
      .select('entity_ref', 'environment', 'data');
    return new Map(
      rows.map(r => [`${r.entity_ref}\n${r.environment}`, r.data]),
    );
  }

  async changeSnapshots(
    selection: SnapshotSelection,
    plan: (existing: StoredSnapshot[]) => SnapshotChanges,
  ): Promise<void> {
    const where = whereOf(selection);
    await this.knex.transaction(async trx => {
      const rows: SnapshotRow[] = await trx<SnapshotRow>(SNAPSHOTS)
        .where(where)
        .select('entity_ref', 'environment', 'data', 'findings');
      const changes = plan(
        rows.map(r => ({
          entityRef: r.entity_ref,
          environment: r.environment,
          data: r.data,
          findings: r.findings ?? null,
        })),
      );
      const writes = changes.writes.map(w => ({
        entity_ref: w.entityRef,
        environment: w.environment,
        source: w.source,
        state: 'ok',
        as_of: w.asOf,
        origin: w.origin,
        run_id: w.runId,
        data: w.data,
        ...(w.findings !== undefined && { findings: w.findings }),
      }));
      for (const batch of chunks(writes)) {
        await trx(SNAPSHOTS)
          .insert(batch)
          .onConflict(['entity_ref', 'environment', 'source'])
          .merge();
      }
      const history = changes.history.map(h => ({
        entity_ref: h.entityRef,
        environment: h.environment,
        source: h.source,
        as_of: h.asOf,
        point: JSON.stringify(h.point),
      }));
      for (const batch of chunks(history)) await trx(HISTORY).insert(batch);
      if (changes.deployments?.length) {
        await writeDeployments(
          trx,
          changes.deployments,
          new Date().toISOString(),
        );
      }
      for (const gone of changes.deletes) {
        await trx(SNAPSHOTS)
          .where({
            ...where,
            entity_ref: gone.entityRef,
            environment: gone.environment,
          })
          .delete();
      }
    });
  }
}

function whereOf(selection: SnapshotSelection): Record<string, string> {
  const where: Record<string, string> = { source: selection.source };
  if (selection.origin !== undefined) where.origin = selection.origin;
  if (selection.entityRef !== undefined) where.entity_ref = selection.entityRef;
  if (selection.environment !== undefined)
    where.environment = selection.environment;
  return where;
}
