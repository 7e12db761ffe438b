import { DatabaseService } from '@backstage/backend-plugin-api';
import { packageMigrationsDir } from '@groundwork/plugin-groundwork-node';
import { Knex } from 'knex';

const MEMBERSHIPS = 'groundwork_access_memberships';
const RUNS = 'groundwork_access_reconciliations';
const ACKNOWLEDGEMENTS = 'groundwork_access_acknowledgements';
/** Reports kept; older ones are deleted after each run. */
const KEEP_RUNS = 100;

interface GrantedMembership {
  team: string;
  login: string;
  role: string;
  path: string;
  commitSha: string;
}

interface StoredReconciliation<R> {
  id: number;
  startedAt: string;
  finishedAt: string;
  status: 'succeeded' | 'failed';
  reviewedSha?: string;
  report: R;
}

/**
 * What the access reconciler remembers between runs, in the scaffolder's
 * database (its own tables and its own migrations table, so the
 * scaffolder's migrations never see them).
 */
export class AccessStore {
  private constructor(private readonly knex: Knex) {}

  static async create(database: DatabaseService): Promise<AccessStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: packageMigrationsDir(
          '@groundwork/plugin-scaffolder-backend-module-persona',
          // Only the workspace fallback uses it; installed, the package path resolves.
          // eslint-disable-next-line no-restricted-syntax
          __dirname,
        ),
        tableName: 'groundwork_access_knex_migrations',
      });
    }
    return new AccessStore(knex);
  }

  async granted(): Promise<GrantedMembership[]> {
    const rows = await this.knex(MEMBERSHIPS)
      .select()
      .orderBy(['team', 'login']);
    return rows.map(r => ({
      team: r.team,
      login: r.login,
      role: r.role,
      path: r.path,
      commitSha: r.commit_sha,
    }));
  }

  async recordGranted(m: GrantedMembership): Promise<void> {
    await this.knex(MEMBERSHIPS)
      .insert({
        team: m.team,
        login: m.login,
        role: m.role,
        path: m.path,
        commit_sha: m.commitSha,
        updated_at: new Date(),
      })
      .onConflict(['team', 'login'])
      .merge();
  }

  async forget(team: string, login: string): Promise<void> {
    await this.knex(MEMBERSHIPS).where({ team, login }).delete();
  }

  async recordRun<R>(run: Omit<StoredReconciliation<R>, 'id'>): Promise<void> {
    await this.knex(RUNS).insert({
      started_at: new Date(run.startedAt),
      finished_at: new Date(run.finishedAt),
      status: run.status,
      reviewed_sha: run.reviewedSha ?? null,
      report: JSON.stringify(run.report),
    });
    const keep = await this.knex(RUNS)
      .select('id')
      .orderBy('id', 'desc')
      .limit(KEEP_RUNS);
    if (keep.length === KEEP_RUNS) {
      await this.knex(RUNS)
        .where('id', '<', keep[keep.length - 1].id)
        .delete();
    }
  }

  /** The reviewed commit the last run applied (none before the first). */
  async lastApplied(): Promise<string | undefined> {
    const row = await this.knex(RUNS)
      .whereNotNull('reviewed_sha')
      .orderBy('id', 'desc')
      .first('reviewed_sha');
    return row?.reviewed_sha ?? undefined;
  }

  async acknowledged(): Promise<Set<string>> {
    const rows = await this.knex(ACKNOWLEDGEMENTS).select('sha');
    return new Set(rows.map(r => r.sha));
  }

  async acknowledge(ack: {
    sha: string;
    by: string;
    reason: string;
  }): Promise<void> {
    await this.knex(ACKNOWLEDGEMENTS)
      .insert({
        sha: ack.sha,
        acknowledged_by: ack.by,
        reason: ack.reason,
        acknowledged_at: new Date(),
      })
      .onConflict('sha')
      .ignore();
  }

  async lastRuns<R>(limit: number): Promise<StoredReconciliation<R>[]> {
    const rows = await this.knex(RUNS)
      .select()
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => ({
      id: Number(r.id),
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: new Date(r.finished_at).toISOString(),
      status: r.status,
      reviewedSha: r.reviewed_sha ?? undefined,
      report: JSON.parse(r.report),
    }));
  }
}
