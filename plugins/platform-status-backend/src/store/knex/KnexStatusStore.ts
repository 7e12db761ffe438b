import { DatabaseService } from '@backstage/backend-plugin-api';
import { packageMigrationsDir } from '@groundwork/plugin-groundwork-node';
import { Knex } from 'knex';
import type { StatusStore } from '../StatusStore';
import { DriftTables } from './DriftTables';
import { EntityTables } from './EntityTables';
import { HistoryTables } from './HistoryTables';
import { readDeployments } from './DeploymentTables';
import { OverviewTables } from './OverviewTables';
import { setTimeout as sleep } from 'node:timers/promises';

async function migrate(knex: Knex) {
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
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(500 * attempt);
    }
  }
}

/** The store on the plugin's database (PostgreSQL or SQLite), one module per group of tables. */
export class KnexStatusStore implements StatusStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<KnexStatusStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) await migrate(knex);
    return new KnexStatusStore(knex);
  }

  private readonly entities: EntityTables;
  private readonly overview: OverviewTables;
  private readonly history: HistoryTables;
  private readonly drift: DriftTables;

  constructor(private readonly knex: Knex) {
    this.drift = new DriftTables(knex);
    this.entities = new EntityTables(knex);
    this.overview = new OverviewTables(knex);
    this.history = new HistoryTables(knex);
  }

  upsertEntities: StatusStore['upsertEntities'] = (...a) =>
    this.entities.upsertEntities(...a);
  deleteEntitiesSyncedBefore: StatusStore['deleteEntitiesSyncedBefore'] = (
    ...a
  ) => this.entities.deleteEntitiesSyncedBefore(...a);
  refsWithSnapshots: StatusStore['refsWithSnapshots'] = () =>
    this.entities.refsWithSnapshots();
  allEntities: StatusStore['allEntities'] = () => this.entities.allEntities();
  readEntity: StatusStore['readEntity'] = ref => this.entities.readEntity(ref);
  readSnapshots: StatusStore['readSnapshots'] = refs =>
    this.entities.readSnapshots(refs);
  readEntities: StatusStore['readEntities'] = refs =>
    this.entities.readEntities(refs);
  changeSnapshots: StatusStore['changeSnapshots'] = (...a) =>
    this.entities.changeSnapshots(...a);
  readSnapshotData: StatusStore['readSnapshotData'] = selection =>
    this.entities.readSnapshotData(selection);
  readDeployments: StatusStore['readDeployments'] = (...a) =>
    readDeployments(this.knex, ...a);

  replaceOverview: StatusStore['replaceOverview'] = (...a) =>
    this.overview.replaceOverview(...a);
  queryOverview: StatusStore['queryOverview'] = (...a) =>
    this.overview.queryOverview(...a);
  queryOverviewFiltered: StatusStore['queryOverviewFiltered'] = (...a) =>
    this.overview.queryOverviewFiltered(...a);
  rollupOverview: StatusStore['rollupOverview'] = (...a) =>
    this.overview.rollupOverview(...a);
  rollupOverviewFiltered: StatusStore['rollupOverviewFiltered'] = (...a) =>
    this.overview.rollupOverviewFiltered(...a);
  analyze: StatusStore['analyze'] = () => this.overview.analyze();

  recordCollection: StatusStore['recordCollection'] = (...a) =>
    this.history.recordCollection(...a);
  readCollections: StatusStore['readCollections'] = () =>
    this.history.readCollections();
  readHistory: StatusStore['readHistory'] = (...a) =>
    this.history.readHistory(...a);
  pruneHistory: StatusStore['pruneHistory'] = before =>
    this.history.pruneHistory(before);
  claimRefresh: StatusStore['claimRefresh'] = (...a) =>
    this.history.claimRefresh(...a);

  writeDrift: StatusStore['writeDrift'] = r => this.drift.writeDrift(r);
  readDrift: StatusStore['readDrift'] = refs => this.drift.readDrift(refs);
  driftCheckedTimes: StatusStore['driftCheckedTimes'] = () =>
    this.drift.checkedTimes();
  pruneDrift: StatusStore['pruneDrift'] = () => this.drift.pruneDrift();
}
