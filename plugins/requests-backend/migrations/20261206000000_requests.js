// @ts-check

/**
 * Requests and their history. Times are ISO 8601 strings in UTC, which sort
 * as the instants they name on SQLite and PostgreSQL; JSON is stored as
 * text, read and written only by this plugin.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('groundwork_requests', table => {
    table.string('id', 36).primary().notNullable();
    table.string('kind', 63).notNullable();
    table.string('state', 15).notNullable();
    table.text('title').notNullable();
    table.text('reason').notNullable();
    table.text('requested_by').notNullable();
    table.text('subject').nullable();
    table.text('approver_groups').notNullable();
    table.text('changes').notNullable();
    table.text('payload').notNullable();
    table.string('created_at', 30).notNullable();
    table.string('updated_at', 30).notNullable();
    table.text('decided_by').nullable();
    table.string('decided_at', 30).nullable();
    table.text('comment').nullable();
    table.string('applied_at', 30).nullable();
    table.text('error').nullable();
    table.string('task_id', 63).nullable();
    table.index(['state', 'created_at'], 'groundwork_requests_state_idx');
  });

  // Who did what to a request, in order; never updated or deleted.
  await knex.schema.createTable('groundwork_request_events', table => {
    table.increments('id').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('groundwork_requests')
      .onDelete('CASCADE');
    table.string('at', 30).notNullable();
    table.text('actor').notNullable();
    table.string('action', 31).notNullable();
    table.text('comment').nullable();
    table.index(['request_id'], 'groundwork_request_events_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('groundwork_request_events');
  await knex.schema.dropTable('groundwork_requests');
};
