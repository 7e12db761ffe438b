// @ts-check

/**
 * What the expiry job did about each preview entity's expiry: one row per
 * (entity, `groundwork.dev/expires-at` value). The primary key is what keeps
 * two replicas (or two overlapping runs) from starting two teardown tasks for
 * one entity and expiry: a task is started only by the run whose conditional
 * update moved that row to `tearing-down`. A new annotation value (the owner
 * extended it) is a new row, so the record starts afresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_status_expiry', table => {
    table.text('entity_ref').notNullable();
    // The annotation's value as written (trimmed), valid or not.
    table.text('expires_at').notNullable();
    // scheduled | notified | refused | tearing-down | destroyed | failed
    table.string('state', 15).notNullable();
    table.text('reason').nullable();
    table.text('task_id').nullable();
    // Kept so that the owner still hears after the entity left the catalog.
    table.text('owner_ref').nullable();
    table.text('label').notNullable();
    // The state last told to the owner; a notice not sent is retried.
    table.string('told', 15).nullable();
    table.string('claimed_at', 30).nullable();
    table.string('updated_at', 30).notNullable();
    table.primary(['entity_ref', 'expires_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_status_expiry');
};
