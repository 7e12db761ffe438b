import type { Knex } from 'knex';

/** A filter the store applies to `platform_status_overview` queries. */
export type OverviewFilter = (query: Knex.QueryBuilder, knex: Knex) => void;

type Criteria = Record<string, any>;

const OWNERS = 'platform_status_entity_owners';

/**
 * Turns the catalog's read conditions into a SQL filter on the overview
 * table, when every rule in them has an exact SQL form here
 * (IS_ENTITY_KIND, IS_ENTITY_OWNER). Returns undefined otherwise; the caller
 * then applies the conditions row by row with the catalog's own rules.
 */
export function conditionsToSql(criteria: unknown): OverviewFilter | undefined {
  const c = criteria as Criteria;
  if (Array.isArray(c.allOf) || Array.isArray(c.anyOf)) {
    const parts = (c.allOf ?? c.anyOf).map(conditionsToSql);
    if (parts.some((p: OverviewFilter | undefined) => !p)) return undefined;
    const join = c.allOf ? 'andWhere' : 'orWhere';
    return (query, knex) =>
      query.where(inner => {
        for (const part of parts as OverviewFilter[]) {
          inner[join](q => part(q, knex));
        }
      });
  }
  if (c.not) {
    const inner = conditionsToSql(c.not);
    if (!inner) return undefined;
    return (query, knex) => query.whereNot(q => inner(q, knex));
  }
  const params = c.params ?? {};
  switch (c.rule) {
    case 'IS_ENTITY_KIND': {
      const kinds = (params.kinds ?? []).map((k: string) =>
        k.toLocaleLowerCase('en-US'),
      );
      return query => query.whereIn('kind', kinds);
    }
    case 'IS_ENTITY_OWNER': {
      const claims = (params.claims ?? []).map((k: string) =>
        k.toLocaleLowerCase('en-US'),
      );
      return (query, knex) =>
        query.whereIn(
          'entity_ref',
          knex(OWNERS).select('entity_ref').whereIn('owner_ref', claims),
        );
    }
    default:
      return undefined;
  }
}
