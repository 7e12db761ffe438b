import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { OverviewSortField } from '@groundwork/plugin-platform-status-common';
import type { OverviewQuery } from '../store/StatusStore';

const KIND = /^[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** `{kind}/{namespace}/{name}` from the path, as a canonical entity ref. */
export function entityRefFromPath(params: {
  kind?: string;
  namespace?: string;
  name?: string;
}): string {
  const { kind = '', namespace = '', name = '' } = params;
  const bad = [
    !KIND.test(kind) && `kind "${kind}"`,
    !NAME.test(namespace) && `namespace "${namespace}"`,
    !NAME.test(name) && `name "${name}"`,
  ].filter(Boolean);
  if (bad.length > 0) {
    throw new InputError(
      `Invalid entity reference: ${bad.join(
        ', ',
      )}. Use /entities/{kind}/{namespace}/{name}, e.g. /entities/component/default/payments-api.`,
    );
  }
  return stringifyEntityRef({ kind, namespace, name });
}

const SORTS: OverviewSortField[] = ['cost', 'budgetUse', 'compliance', 'name'];
const DEFAULT_ORDER: Record<OverviewSortField, 'asc' | 'desc'> = {
  cost: 'desc',
  budgetUse: 'desc',
  compliance: 'asc',
  name: 'asc',
};

type Query = Record<string, unknown>;

function list(query: Query, key: string): string[] | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap(v => {
    if (typeof v !== 'string') {
      throw new InputError(`Query parameter ${key} must be a string.`);
    }
    return v.split(',').map(s => s.trim());
  });
  return values.filter(Boolean);
}

function single(query: Query, key: string): string | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw new InputError(`Query parameter ${key} must be given once.`);
  }
  return raw;
}

function integer(
  query: Query,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = single(query, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new InputError(
      `Query parameter ${key} must be a whole number from ${min} to ${max}, got "${raw}".`,
    );
  }
  return value;
}

function refs(values: string[] | undefined, defaultKind: string) {
  return values?.map(v => {
    try {
      return stringifyEntityRef(
        parseEntityRef(v, { defaultKind, defaultNamespace: 'default' }),
      );
    } catch {
      throw new InputError(
        `"${v}" is not an entity ref; use e.g. ${defaultKind}:default/name or just name.`,
      );
    }
  });
}

/** Parses and checks the overview's query string. */
export function parseOverviewQuery(
  query: Query,
  knownEnvironments: string[],
): OverviewQuery {
  const sort = (single(query, 'sort') ?? 'cost') as OverviewSortField;
  if (!SORTS.includes(sort)) {
    throw new InputError(
      `Query parameter sort must be one of ${SORTS.join(', ')}, got "${sort}".`,
    );
  }
  const order = single(query, 'order') ?? DEFAULT_ORDER[sort];
  if (order !== 'asc' && order !== 'desc') {
    throw new InputError(
      `Query parameter order must be asc or desc, got "${order}".`,
    );
  }
  const environment = list(query, 'environment');
  const unknown = environment?.filter(e => !knownEnvironments.includes(e));
  if (unknown?.length) {
    throw new InputError(
      `Unknown environment ${unknown
        .map(e => `"${e}"`)
        .join(', ')}; configured environments are ${knownEnvironments.join(
        ', ',
      )}.`,
    );
  }
  return {
    owner: refs(list(query, 'owner'), 'group'),
    system: refs(list(query, 'system'), 'system'),
    kind: list(query, 'kind')?.map(k => k.toLocaleLowerCase('en-US')),
    environment,
    sort,
    order,
    offset: integer(query, 'offset', 0, 0, 1_000_000),
    limit: integer(query, 'limit', 50, 1, 200),
  };
}
