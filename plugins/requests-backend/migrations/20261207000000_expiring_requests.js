// @ts-check

/**
 * Requests that expire: what a request concerns (entity, environment), when
 * it ends, and how its revocation goes. `next_revoke_at` is both the backoff
 * of a revocation that did not hold and the claim one replica takes before
 * revoking, so two replicas never revoke the same request at once.
 *
 * The extra approver groups a request's applier names (an entity's owners
 * for a waiver outside production) live in their own table, so that "the
 * requests this person's groups may decide" is one indexed lookup.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('groundwork_requests', table => {
    // Lower case: entity refs compare case-insensitively.
    table.string('entity_ref', 255).nullable();
    table.string('environment', 63).nullable();
    table.string('expires_at', 30).nullable();
    table.string('expiry_notice_at', 30).nullable();
    table.string('ended_at', 30).nullable();
    table.text('revoked_by').nullable();
    table.text('revoke_error').nullable();
    table.integer('revoke_attempts').notNullable().defaultTo(0);
    table.string('next_revoke_at', 30).nullable();
    table.index(['state', 'expires_at'], 'groundwork_requests_expiry_idx');
    table.index(
      ['kind', 'entity_ref', 'environment', 'state'],
      'groundwork_requests_in_force_idx',
    );
  });

  await knex.schema.createTable('groundwork_request_approvers', table => {
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('groundwork_requests')
      .onDelete('CASCADE');
    // Lower case, as ownership refs are compared.
    table.string('group_ref', 255).notNullable();
    table.primary(['request_id', 'group_ref']);
    table.index(['group_ref'], 'groundwork_request_approvers_group_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('groundwork_request_approvers');
  await knex.schema.alterTable('groundwork_requests', table => {
    table.dropIndex([], 'groundwork_requests_expiry_idx');
    table.dropIndex([], 'groundwork_requests_in_force_idx');
    for (const column of [
      'entity_ref',
      'environment',
      'expires_at',
      'expiry_notice_at',
      'ended_at',
      'revoked_by',
      'revoke_error',
      'revoke_attempts',
      'next_revoke_at',
    ]) {
      table.dropColumn(column);
    }
  });
};
