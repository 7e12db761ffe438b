import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('migrations on %s', id => {
  it('keep the requests made before requests could expire, and roll back', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    const config = {
      directory: path.resolve(__dirname, '../../migrations'),
      tableName: 'groundwork_requests__knex_migrations',
    };
    // The first migration alone, and a request made under it.
    await knex.migrate.up(config);
    await knex('groundwork_requests').insert({
      id: 'before',
      kind: 'access',
      state: 'applied',
      title: 'Add mae to payments',
      reason: 'joins',
      requested_by: 'user:default/alan',
      approver_groups: '["group:default/security"]',
      changes: '[]',
      payload: '{}',
      created_at: '2026-12-01T00:00:00.000Z',
      updated_at: '2026-12-01T00:00:00.000Z',
    });
    await knex.migrate.latest(config);
    expect(
      await knex('groundwork_requests').where({ id: 'before' }).first(),
    ).toMatchObject({
      state: 'applied',
      expires_at: null,
      revoke_attempts: 0,
      next_revoke_at: null,
    });
    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('groundwork_request_approvers')).toBe(
      false,
    );
    expect(
      await knex.schema.hasColumn('groundwork_requests', 'expires_at'),
    ).toBe(false);
    expect(
      await knex('groundwork_requests').where({ id: 'before' }).first(),
    ).toMatchObject({ state: 'applied' });
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('groundwork_request_approvers')).toBe(
      true,
    );
  });
});
