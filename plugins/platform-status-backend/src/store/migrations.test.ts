import { TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const config = {
  directory: path.resolve(__dirname, '../../migrations'),
  tableName: 'platform_status__knex_migrations',
};

// Later migrations may follow; this test moves only this one up and down.
const thisMigration = {
  ...config,
  name: '20261206000000_catalog_strings_text.js',
};

const entityRow = (ref: string, title: string | null) => ({
  entity_ref: ref,
  kind: 'component',
  namespace: 'default',
  name: ref.split('/')[1],
  title,
  owner: 'group:default/payments',
  system: null,
  settings: '{}',
  entity: '{}',
  synced_at: '2026-11-20T00:00:00.000Z',
});

describe.each(databases.eachSupportedId())(
  'migration 20261206000000_catalog_strings_text on %p',
  id => {
    it('keeps the rows, keys and required columns, and takes any length', async () => {
      const knex = await databases.init(id);
      await knex.migrate.up({
        ...config,
        name: '20261122000000_init.js',
      });
      await knex.migrate.up({
        ...config,
        name: '20261122000001_entity_owners.js',
      });
      await knex('platform_status_entities').insert(
        entityRow('component:default/payments-api', 'Payments API'),
      );
      await knex.migrate.up(thisMigration);

      expect(await knex('platform_status_entities').pluck('title')).toEqual([
        'Payments API',
      ]);
      const long = 'T'.repeat(300);
      await knex('platform_status_entities').insert(
        entityRow('component:default/ledger-api', long),
      );
      expect(
        await knex('platform_status_entities')
          .where('entity_ref', 'component:default/ledger-api')
          .first('title'),
      ).toEqual({ title: long });
      // Still the primary key, and still required. (Matched on the message:
      // better-sqlite3's errors come from the first test file's realm when
      // jest reuses a worker, so they fail toThrow's instanceof check.)
      await expect(
        knex('platform_status_entities').insert(
          entityRow('component:default/ledger-api', null),
        ),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      await expect(
        knex('platform_status_entities').insert({
          ...entityRow('component:default/x', null),
          kind: null,
        }),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/NOT NULL constraint failed|not-null constraint/),
      );

      // Down refuses to cut a longer value, and changes nothing.
      await expect(knex.migrate.down(thisMigration)).rejects.toThrow(
        'Cannot migrate platform_status_entities.title back to varchar(255): 1 row(s) hold longer values',
      );
      expect(
        await knex('platform_status_entities')
          .where('entity_ref', 'component:default/ledger-api')
          .first('title'),
      ).toEqual({ title: long });
      await knex('platform_status_entities')
        .where('entity_ref', 'component:default/ledger-api')
        .delete();
      await knex.migrate.down(thisMigration);
      expect(
        await knex('platform_status_entities').pluck('entity_ref'),
      ).toEqual(['component:default/payments-api']);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'migration 20261207000000_deployments on %p',
  id => {
    it('adds the deployment history after the existing tables, keyed per app sync, and goes back down', async () => {
      const knex = await databases.init(id);
      const deployments = {
        ...config,
        name: '20261207000000_deployments.js',
      };
      await knex.migrate.latest(config);
      const row = {
        entity_ref: `component:default/${'x'.repeat(300)}`,
        environment: 'prod',
        origin: 'prod',
        app_namespace: 'argocd',
        app_name: 'payments-api',
        deployment_key: '2026-11-20T09:00:00Z',
        history_id: 12,
        revision: 'a'.repeat(40),
        repo_url: 'https://github.com/acme/deploy',
        started_at: '2026-11-20T09:00:00Z',
        finished_at: '2026-11-20T09:02:00Z',
        sort_at: '2026-11-20T09:00:00Z',
        result: 'Succeeded',
        message: 'successfully synced',
        initiated_by: 'automated',
        commit: '{"author":"Jane"}',
        images: '["ghcr.io/acme/payments:1"]',
        recorded_at: '2026-11-20T09:03:00Z',
      };
      await knex('platform_status_deployments').insert(row);
      await expect(
        knex('platform_status_deployments').insert(row),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      const [stored] = await knex('platform_status_deployments').select();
      expect({ ...stored, history_id: Number(stored.history_id) }).toEqual(row);
      // Later migrations may follow: undo only this one.
      await knex.migrate.down(deployments);
      expect(await knex.schema.hasTable('platform_status_deployments')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('platform_status_entities')).toBe(true);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'migration 20261207180000_expiry on %p',
  id => {
    it('keys the expiry records per entity and expiry value, and goes back down alone', async () => {
      const knex = await databases.init(id);
      const expiry = { ...config, name: '20261207180000_expiry.js' };
      await knex.migrate.latest(config);
      const row = {
        entity_ref: `component:default/${'p'.repeat(300)}`,
        expires_at: '2026-12-08T15:00:00Z',
        state: 'tearing-down',
        reason: null,
        task_id: '0b7c6f0e-5d0a-4c41-9d8a-3f3c1c1d2a10',
        owner_ref: 'group:default/payments',
        label: 'Checkout preview',
        told: 'notified',
        claimed_at: '2026-12-08T15:01:00.000Z',
        updated_at: '2026-12-08T15:01:00.000Z',
      };
      await knex('platform_status_expiry').insert(row);
      // One row per entity and expiry value: the guard against two tasks.
      await expect(
        knex('platform_status_expiry').insert({ ...row, task_id: 'other' }),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      // An extension is a new value, so a new row.
      await knex('platform_status_expiry').insert({
        ...row,
        expires_at: '2026-12-15T15:00:00Z',
        state: 'scheduled',
        task_id: null,
      });
      expect(await knex('platform_status_expiry').where(row).select()).toEqual([
        row,
      ]);
      // Later migrations may follow: undo only this one.
      await knex.migrate.down(expiry);
      expect(await knex.schema.hasTable('platform_status_expiry')).toBe(false);
      expect(await knex.schema.hasTable('platform_status_drift')).toBe(true);
      await knex.migrate.up(expiry);
      expect(await knex.schema.hasTable('platform_status_expiry')).toBe(true);
      await knex.destroy();
    });
  },
);
