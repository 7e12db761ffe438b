import { Knex } from 'knex';
import type { CollectionOutcome, CollectorKind } from '../../status/types';
import type { CollectionResult, HistoryPoint } from '../StatusStore';
import { COLLECTIONS, HISTORY, REFRESHES } from './rows';

/**
 * What happened when: history points, the last outcome of each collector,
 * and the refresh claims that rate-limit refreshes across replicas.
 */
export class HistoryTables {
  constructor(private readonly knex: Knex) {}

  async recordCollection(
    collector: CollectorKind,
    origin: string,
    outcome: CollectionResult,
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

  async pruneHistory(before: string): Promise<number> {
    return this.knex(HISTORY).where('as_of', '<', before).delete();
  }

  async readHistory(
    entityRef: string,
    environment?: string,
  ): Promise<HistoryPoint[]> {
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
