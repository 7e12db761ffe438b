import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  asSnapshot,
  PriceProvider,
  PriceSnapshot,
  regionKey,
} from '@groundwork/governance';
import { packageMigrationsDir } from '@groundwork/plugin-groundwork-node';
import { Knex } from 'knex';

const SNAPSHOTS = 'groundwork_price_snapshots';
const REFRESH = 'groundwork_price_refresh';
/** Snapshots kept per provider; older ones are deleted after each save. */
const KEEP_PER_PROVIDER = 10;

/**
 * Live price snapshots in the scaffolder's database (own tables, own
 * migrations table, so the scaffolder's migrations never see them).
 */
export class PriceSnapshotStore {
  private constructor(private readonly knex: Knex) {}

  static async create(database: DatabaseService): Promise<PriceSnapshotStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: packageMigrationsDir(
          '@groundwork/plugin-scaffolder-backend-module-terraform',
          // Only the workspace fallback uses it; installed, the package path resolves.
          // eslint-disable-next-line no-restricted-syntax
          __dirname,
        ),
        tableName: 'groundwork_prices_knex_migrations',
      });
    }
    return new PriceSnapshotStore(knex);
  }

  async save(snapshot: PriceSnapshot): Promise<void> {
    await this.knex(SNAPSHOTS).insert({
      provider: snapshot.provider,
      regions: regionKey(snapshot.regions),
      fetched_at: new Date(snapshot.fetchedAt),
      source: snapshot.source,
      body: JSON.stringify(snapshot),
    });
    const keep = await this.knex(SNAPSHOTS)
      .where({ provider: snapshot.provider })
      .orderBy([
        { column: 'fetched_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(KEEP_PER_PROVIDER)
      .select('id');
    await this.knex(SNAPSHOTS)
      .where({ provider: snapshot.provider })
      .whereNotIn(
        'id',
        keep.map(r => r.id),
      )
      .delete();
  }

  /**
   * The newest readable snapshot of each provider. A row whose body does
   * not parse as a snapshot is skipped, so one bad row cannot stop the gate.
   */
  async newest(): Promise<PriceSnapshot[]> {
    const out: PriceSnapshot[] = [];
    for (const provider of ['aws', 'azure', 'gcp'] as PriceProvider[]) {
      const rows = await this.knex(SNAPSHOTS)
        .where({ provider })
        .orderBy([
          { column: 'fetched_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(3)
        .select('body');
      for (const row of rows) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(row.body);
        } catch {
          continue;
        }
        const snapshot = asSnapshot(parsed);
        if (snapshot && snapshot.provider === provider) {
          out.push(snapshot);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Claims the refresh for `holder` unless another claimed it less than
   * `minIntervalMs` ago: one conditional update, so of replicas racing for
   * it exactly one wins, whichever database it is.
   */
  async claimRefresh(
    holder: string,
    now: Date,
    minIntervalMs: number,
  ): Promise<boolean> {
    await this.knex(REFRESH)
      .insert({ name: 'prices', claimed_at: null, claimed_by: null })
      .onConflict('name')
      .ignore();
    const cutoff = new Date(now.getTime() - minIntervalMs);
    const updated = await this.knex(REFRESH)
      .where({ name: 'prices' })
      .andWhere(q =>
        q.whereNull('claimed_at').orWhere('claimed_at', '<=', cutoff),
      )
      .update({ claimed_at: now, claimed_by: holder });
    return updated === 1;
  }
}
