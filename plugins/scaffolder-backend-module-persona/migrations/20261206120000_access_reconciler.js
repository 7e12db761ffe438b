// @ts-check

/**
 * The access reconciler's state: the GitHub team memberships it granted
 * from the access repository (only those are ever removed again), and a
 * report of each run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('groundwork_access_memberships', table => {
    table.comment(
      'GitHub team memberships the access reconciler granted from a reviewed User file',
    );
    table.string('team', 255).notNullable();
    table.string('login', 255).notNullable().comment('lower case');
    table.string('role', 32).notNullable();
    table.string('path', 1024).notNullable().comment('the User file');
    table.string('commit_sha', 64).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['team', 'login']);
  });
  await knex.schema.createTable('groundwork_access_acknowledgements', table => {
    table.comment(
      'Commits on the access branch that no pull request made, accepted by an administrator',
    );
    table.string('sha', 64).primary();
    table.string('acknowledged_by', 255).notNullable();
    table.text('reason').notNullable();
    table.timestamp('acknowledged_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('groundwork_access_reconciliations', table => {
    table.comment('One row per access reconciler run');
    table.increments('id');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('status', 32).notNullable();
    table.string('reviewed_sha', 64).nullable();
    table.text('report').notNullable().comment('JSON');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('groundwork_access_reconciliations');
  await knex.schema.dropTable('groundwork_access_acknowledgements');
  await knex.schema.dropTable('groundwork_access_memberships');
};
