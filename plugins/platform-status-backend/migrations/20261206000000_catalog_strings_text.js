// @ts-check

/**
 * Every column that holds a string taken from the catalog becomes `text`.
 * The catalog bounds none of them to 255 characters (a title has no limit;
 * owner and system refs are whatever `spec.owner` says; kind, namespace and
 * name are 63 only under the default validators, which an adopter may
 * replace), and PostgreSQL refused a longer value, which aborted the catalog
 * sync on every cycle for every entity. SQLite never enforced the lengths.
 */
const COLUMNS = {
  platform_status_entities: [
    'entity_ref',
    'kind',
    'namespace',
    'name',
    'title',
    'owner',
    'system',
  ],
  platform_status_entity_owners: ['entity_ref', 'owner_ref'],
  platform_status_snapshots: ['entity_ref'],
  platform_status_history: ['entity_ref'],
  platform_status_overview: [
    'entity_ref',
    'kind',
    'name',
    'title',
    'owner',
    'system',
  ],
  platform_status_refreshes: ['entity_ref'],
};

/** The lengths of 20261122000000_init and 20261122000001_entity_owners. */
const BEFORE = {
  entity_ref: 255,
  kind: 63,
  namespace: 63,
  name: 63,
  title: 255,
  owner: 255,
  system: 255,
  owner_ref: 255,
};

/** @param {import('knex').Knex} knex */
function isSqlite(knex) {
  const client = knex.client.config.client;
  return typeof client === 'string' && client.includes('sqlite');
}

/**
 * Only the type changes: nullability, keys and indexes stay as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // SQLite stores varchar(n) as text without checking n: nothing to change,
  // and knex would rebuild every table to rewrite the declared type.
  if (isSqlite(knex)) return;
  for (const [name, columns] of Object.entries(COLUMNS)) {
    await knex.schema.alterTable(name, table => {
      for (const column of columns) {
        table.text(column).alter({ alterNullable: false });
      }
    });
  }
};

/**
 * Back to the old lengths, unless a longer value is stored: PostgreSQL's
 * type change would cut it silently (knex casts with `using col::varchar(n)`).
 * Refused on SQLite too, so that going down means the same everywhere.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const [name, columns] of Object.entries(COLUMNS)) {
    for (const column of columns) {
      const max = BEFORE[/** @type {keyof BEFORE} */ (column)];
      const [{ count }] = await knex(name)
        .whereRaw('length(??) > ?', [column, max])
        .count({ count: '*' });
      if (Number(count) > 0) {
        throw new Error(
          `Cannot migrate ${name}.${column} back to varchar(${max}): ${count} row(s) hold longer values, which would be cut. Remove or shorten them first.`,
        );
      }
    }
  }
  if (isSqlite(knex)) return;
  for (const [name, columns] of Object.entries(COLUMNS)) {
    await knex.schema.alterTable(name, table => {
      for (const column of columns) {
        table
          .string(column, BEFORE[/** @type {keyof BEFORE} */ (column)])
          .alter({ alterNullable: false });
      }
    });
  }
};
