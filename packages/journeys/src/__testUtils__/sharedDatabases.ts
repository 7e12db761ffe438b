import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** The plugins of the test portal that keep a database (PORTAL_FEATURES). */
const PLUGINS_WITH_DATABASES = [
  'catalog',
  'scaffolder',
  'notifications',
  'platform-status',
  'requests',
];

/**
 * The database service of one replica: each plugin's own database, reached
 * through connections of this replica's, as several backend replicas share
 * one database server. `connections` lists them, so that a test can drop
 * them as a crash would.
 */
export function replicaDatabases(configs: Record<string, Knex.Config>) {
  const connections: Knex[] = [];
  const factory = createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory: async ({ pluginMetadata }) => {
      const pluginId = pluginMetadata.getId();
      let client: Knex | undefined;
      return {
        getClient: async () => {
          if (!configs[pluginId]) {
            throw new Error(
              `No shared database for plugin ${pluginId}: add it to PLUGINS_WITH_DATABASES.`,
            );
          }
          if (!client) {
            client = knexFactory(configs[pluginId]);
            connections.push(client);
          }
          return client;
        },
      };
    },
  });
  return { factory, connections };
}

/**
 * One database per plugin on the server under test, for several replicas:
 * a PostgreSQL database from TestDatabases, or an SQLite file (TestDatabases'
 * SQLite lives in one process's memory).
 */
export class SharedDatabases {
  private readonly keepers: Knex[] = [];
  private readonly dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gw-shared-db-'),
  );

  private constructor(readonly configs: Record<string, Knex.Config>) {}

  static async create(databases: TestDatabases, id: TestDatabaseId) {
    const configs: Record<string, Knex.Config> = {};
    const shared = new SharedDatabases(configs);
    for (const pluginId of PLUGINS_WITH_DATABASES) {
      if (id === 'SQLITE_3') {
        configs[pluginId] = {
          client: 'better-sqlite3',
          connection: { filename: path.join(shared.dir, `${pluginId}.sqlite`) },
          useNullAsDefault: true,
        };
      } else {
        const keeper = await databases.init(id);
        shared.keepers.push(keeper);
        const { client, connection } = keeper.client.config as Knex.Config;
        configs[pluginId] = { client, connection };
      }
    }
    return shared;
  }

  /** A connection of the test's own, to look at what the replicas wrote. */
  client(pluginId: string): Knex {
    const k = knexFactory(this.configs[pluginId]);
    this.keepers.push(k);
    return k;
  }

  async close() {
    await Promise.all(this.keepers.map(k => k.destroy()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
