// @ts-check

/**
 * Live price snapshots from the providers' price APIs, for the gate's
 * cost estimate, and the claim that lets one replica refresh them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('groundwork_price_snapshots', table => {
    table.comment(
      'Prices one provider API answered for a set of regions, merged over the shipped price table',
    );
    table.increments('id');
    table.string('provider', 16).notNullable().comment('aws, azure or gcp');
    table
      .string('regions', 1024)
      .notNullable()
      .comment('the region set, sorted and comma-joined');
    table.timestamp('fetched_at', { useTz: true }).notNullable();
    table
      .string('source', 64)
      .notNullable()
      .comment(
        'aws-price-list-api, azure-retail-prices or gcp-cloud-billing-catalog',
      );
    table.text('body').notNullable().comment('the PriceSnapshot as JSON');
    table.index(
      ['provider', 'fetched_at'],
      'groundwork_price_snapshots_newest',
    );
  });
  await knex.schema.createTable('groundwork_price_refresh', table => {
    table.comment('Which replica runs the scheduled price refresh, and when');
    table.string('name', 64).primary();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.string('claimed_by', 255).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('groundwork_price_refresh');
  await knex.schema.dropTable('groundwork_price_snapshots');
};
