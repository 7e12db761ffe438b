// @ts-check

/**
 * Drift per entity and environment: the last check of whether the real
 * infrastructure still matches the environment's Terraform state (HCP
 * Terraform's health assessment or a `plan -refresh-only` the portal ran).
 * A table of its own, not a snapshot: the drift runner also reads it to
 * check the least recently checked environments first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_status_drift', table => {
    table.text('entity_ref').notNullable();
    table.string('environment', 63).notNullable();
    // The `groundwork.dev/terraform-state` value checked: a result for a
    // location the entity no longer names is not shown.
    table.text('state_location').notNullable();
    // hcp-assessment | cli-refresh-only
    table.string('source', 31).notNullable();
    // in-sync | drifted | unknown
    table.string('result', 15).notNullable();
    // Drifted resources as a JSON array of { address, action, attributes }.
    table.text('resources').notNullable();
    table.text('reason').nullable();
    table.text('url').nullable();
    table.string('checked_at', 30).notNullable();
    table.primary(['entity_ref', 'environment']);
    table.index(['checked_at'], 'platform_status_drift_checked_at_idx');
  });
  // The portfolio shows (and will count) drifted environments.
  await knex.schema.alterTable('platform_status_overview', table => {
    table.string('drift_result', 15).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_status_overview', table => {
    table.dropColumn('drift_result');
  });
  await knex.schema.dropTable('platform_status_drift');
};
