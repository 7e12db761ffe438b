// @ts-check

/**
 * Deployment history: each Argo CD sync of an entity's environment (a
 * `status.history` entry, or an operation that failed or still runs), with
 * its commit and images, bounded per environment by the store (the newest
 * `DEPLOYMENTS_PER_ENVIRONMENT`). Argo CD itself keeps only the last
 * `revisionHistoryLimit` (10) successful syncs, so older ones live here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_status_deployments', table => {
    // Text, as every catalog string (see 20261206000000_catalog_strings_text).
    table.text('entity_ref').notNullable();
    table.string('environment', 63).notNullable();
    // Argo CD instance, app namespace and name, and the sync's key within the
    // app (its start time, or the history id when it has none).
    table.string('origin', 255).notNullable();
    table.string('app_namespace', 255).nullable();
    table.string('app_name', 255).notNullable();
    table.string('deployment_key', 63).notNullable();
    table.bigInteger('history_id').nullable();
    table.string('revision', 255).nullable();
    table.text('repo_url').nullable();
    table.string('started_at', 30).nullable();
    table.string('finished_at', 30).nullable();
    // What the list is ordered and bounded by: started_at, else finished_at.
    table.string('sort_at', 30).notNullable();
    table.string('result', 31).notNullable();
    table.text('message').nullable();
    table.string('initiated_by', 255).nullable();
    // The commit (author, date, message, tags) and images, as JSON.
    table.text('commit').nullable();
    table.text('images').nullable();
    table.string('recorded_at', 30).notNullable();
    table.primary([
      'entity_ref',
      'environment',
      'origin',
      'app_name',
      'deployment_key',
    ]);
    table.index(
      ['entity_ref', 'environment', 'sort_at'],
      'platform_status_deployments_env_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_status_deployments');
};
