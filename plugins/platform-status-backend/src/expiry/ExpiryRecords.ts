import { Knex } from 'knex';
import type { ExpiryState } from '@groundwork/plugin-platform-status-common';

const TABLE = 'platform_status_expiry';

/** What the expiry job did about one entity's expiry value. */
export interface ExpiryRecord {
  entityRef: string;
  /** The `groundwork.dev/expires-at` value as written (trimmed). */
  expiresAt: string;
  state: ExpiryState;
  reason?: string;
  taskId?: string;
  ownerRef?: string;
  /** The entity's title or name, for notices sent after it left the catalog. */
  label: string;
  /** The state last told to the owner. */
  told?: ExpiryState;
  claimedAt?: string;
  updatedAt: string;
}

function fromRow(r: any): ExpiryRecord {
  return {
    entityRef: r.entity_ref,
    expiresAt: r.expires_at,
    state: r.state,
    reason: r.reason ?? undefined,
    taskId: r.task_id ?? undefined,
    ownerRef: r.owner_ref ?? undefined,
    label: r.label,
    told: r.told ?? undefined,
    claimedAt: r.claimed_at ?? undefined,
    updatedAt: r.updated_at,
  };
}

function toRow(r: ExpiryRecord) {
  return {
    entity_ref: r.entityRef,
    expires_at: r.expiresAt,
    state: r.state,
    reason: r.reason ?? null,
    task_id: r.taskId ?? null,
    owner_ref: r.ownerRef ?? null,
    label: r.label,
    told: r.told ?? null,
    claimed_at: r.claimedAt ?? null,
    updated_at: r.updatedAt,
  };
}

/** The expiry job's records, one per (entity, expiry value). */
export class ExpiryRecords {
  constructor(private readonly knex: Knex) {}

  async readAll(): Promise<ExpiryRecord[]> {
    return (await this.knex(TABLE).select()).map(fromRow);
  }

  /** The records of these entities, by entity ref. */
  async readFor(entityRefs: string[]): Promise<Map<string, ExpiryRecord[]>> {
    const byEntity = new Map<string, ExpiryRecord[]>();
    if (entityRefs.length === 0) return byEntity;
    const rows = await this.knex(TABLE)
      .whereIn('entity_ref', entityRefs)
      .select();
    for (const record of rows.map(fromRow)) {
      byEntity.set(record.entityRef, [
        ...(byEntity.get(record.entityRef) ?? []),
        record,
      ]);
    }
    return byEntity;
  }

  /** Writes a record, replacing the one for the same entity and expiry. */
  async save(record: ExpiryRecord): Promise<void> {
    const row = toRow(record);
    const { entity_ref: _e, expires_at: _x, ...rest } = row;
    await this.knex(TABLE)
      .insert(row)
      .onConflict(['entity_ref', 'expires_at'])
      .merge(Object.keys(rest));
  }

  /**
   * Moves the record to `tearing-down` unless another run already did: the
   * one guard against two teardown tasks for one entity and expiry. The
   * row is created first if missing; only the caller whose conditional
   * update changed it gets true.
   */
  async claimTeardown(
    record: Omit<ExpiryRecord, 'state' | 'claimedAt' | 'taskId'>,
    at: string,
  ): Promise<boolean> {
    await this.knex(TABLE)
      .insert(
        toRow({ ...record, state: 'scheduled', updatedAt: at } as ExpiryRecord),
      )
      .onConflict(['entity_ref', 'expires_at'])
      .ignore();
    const changed = await this.knex(TABLE)
      .where({ entity_ref: record.entityRef, expires_at: record.expiresAt })
      .whereIn('state', ['scheduled', 'notified'])
      .update({
        state: 'tearing-down',
        claimed_at: at,
        updated_at: at,
        reason: null,
        task_id: null,
        owner_ref: record.ownerRef ?? null,
        label: record.label,
      });
    return changed === 1;
  }

  async remove(
    records: Array<Pick<ExpiryRecord, 'entityRef' | 'expiresAt'>>,
  ): Promise<void> {
    for (const r of records) {
      await this.knex(TABLE)
        .where({ entity_ref: r.entityRef, expires_at: r.expiresAt })
        .delete();
    }
  }
}
