// @ts-check

/**
 * The platform-status store. Times are ISO 8601 strings in UTC (`...Z`), which
 * sort the same as the instants they name on both SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // What the catalog says about each entity that platform status shows:
  // refreshed by the catalog sync task, read with every status request.
  await knex.schema.createTable('platform_status_entities', table => {
    table.string('entity_ref', 255).primary().notNullable();
    table.string('kind', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 63).notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    // Parsed annotations: declared environments, budgets, Argo CD apps,
    // Terraform state, cost-allocation value and annotation warnings.
    table.text('settings').notNullable();
    // The entity itself, for evaluating catalog permission conditions.
    table.text('entity').notNullable();
    table.string('synced_at', 30).notNullable();
  });

  // Latest snapshot per (entity, environment, source).
  await knex.schema.createTable('platform_status_snapshots', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('source', 31).notNullable();
    table.string('state', 15).notNullable();
    table.string('as_of', 30).notNullable();
    // Argo CD instance (delivery) or billing source (cost) that wrote it.
    table.string('origin', 255).nullable();
    table.string('run_id', 255).nullable();
    table.text('data').notNullable();
    // Findings as a JSON array, already in display order: served as stored,
    // without parsing, on the entity read path.
    table.text('findings').nullable();
    table.primary(['entity_ref', 'environment', 'source']);
    table.index(['source', 'origin'], 'platform_status_snapshots_origin_idx');
  });

  // Bounded history for trends (platformStatus.history.retentionDays).
  await knex.schema.createTable('platform_status_history', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('source', 31).notNullable();
    table.string('as_of', 30).notNullable();
    table.text('point').notNullable();
    table.index(
      ['entity_ref', 'environment', 'source', 'as_of'],
      'platform_status_history_key_idx',
    );
    table.index(['as_of'], 'platform_status_history_as_of_idx');
  });

  // One row per (entity, environment) for the portfolio page: every column
  // it filters or sorts on, kept in step with the snapshots on each write.
  // Sort keys are never null (unknown sorts last), so one plain index serves
  // each order on both databases.
  await knex.schema.createTable('platform_status_overview', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.integer('environment_order').notNullable();
    table.string('kind', 63).notNullable();
    table.string('name', 63).notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('sync_status', 31).nullable();
    table.string('health_status', 31).nullable();
    table.string('infrastructure_result', 15).nullable();
    table.double('estimated_monthly').nullable();
    table.double('actual_month_to_date').nullable();
    table.double('budget_monthly').nullable();
    table.double('budget_used').nullable();
    table.double('compliance_score').nullable();
    table.integer('failed_critical').notNullable().defaultTo(0);
    table.integer('failed_high').notNullable().defaultTo(0);
    table.integer('failed_medium').notNullable().defaultTo(0);
    table.integer('failed_low').notNullable().defaultTo(0);
    table.string('as_of', 30).nullable();
    table.double('sort_cost').notNullable();
    table.double('sort_budget').notNullable();
    table.double('sort_compliance').notNullable();
    table.primary(['entity_ref', 'environment']);
    table.index(
      ['sort_cost', 'entity_ref', 'environment_order'],
      'platform_status_overview_cost_idx',
    );
    table.index(
      ['sort_budget', 'entity_ref', 'environment_order'],
      'platform_status_overview_budget_idx',
    );
    table.index(
      ['sort_compliance', 'entity_ref', 'environment_order'],
      'platform_status_overview_compliance_idx',
    );
    table.index(
      ['name', 'entity_ref', 'environment_order'],
      'platform_status_overview_name_idx',
    );
    table.index(['owner'], 'platform_status_overview_owner_idx');
    table.index(['system'], 'platform_status_overview_system_idx');
    table.index(['kind'], 'platform_status_overview_kind_idx');
    table.index(['environment'], 'platform_status_overview_env_idx');
  });

  // Outcome of each collector's last run per origin (Argo CD instance,
  // billing source), so that a failed instance shows as failed.
  await knex.schema.createTable('platform_status_collections', table => {
    table.string('collector', 31).notNullable();
    table.string('origin', 255).notNullable();
    table.string('last_success_at', 30).nullable();
    table.string('last_error_at', 30).nullable();
    table.text('last_error').nullable();
    table.primary(['collector', 'origin']);
  });

  // Last refresh request per entity, shared by all replicas (rate limit).
  await knex.schema.createTable('platform_status_refreshes', table => {
    table.string('entity_ref', 255).primary().notNullable();
    table.string('requested_at', 30).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'platform_status_refreshes',
    'platform_status_collections',
    'platform_status_overview',
    'platform_status_history',
    'platform_status_snapshots',
    'platform_status_entities',
  ]) {
    await knex.schema.dropTable(name);
  }
};
