// @ts-check

/**
 * Every owner of every mirrored entity (its `ownedBy` relations), so that the
 * catalog's IS_ENTITY_OWNER permission condition becomes a SQL filter on the
 * portfolio page instead of a walk over every row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_status_entity_owners', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).notNullable();
    table.primary(['entity_ref', 'owner_ref']);
    table.index(['owner_ref'], 'platform_status_entity_owners_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_status_entity_owners');
};
