// @ts-check

/**
 * What the alerts task last told an entity's owners about each environment:
 * the failing conditions it announced, so that it speaks again only when the
 * set changes (a new condition, or recovery), whichever replica runs it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_status_alert_states', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    // JSON array of condition ids, sorted.
    table.text('conditions').notNullable();
    table.string('changed_at', 32).notNullable();
    table.primary(['entity_ref', 'environment']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_status_alert_states');
};
