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

const DEFAULT_ORDER: Record<OverviewSortField, 'asc' | 'desc'> = {
  cost: 'desc',
  budgetUse: 'desc',
  compliance: 'asc',
  name: 'asc',
};

/**
 * The overview's query string, as the OpenAPI spec has checked it and
 * filled in its defaults (sort, offset, limit).
 */
interface OverviewQueryParams {
  owner?: string | string[];
  kind?: string | string[];
  system?: string | string[];
  environment?: string | string[];
  sort?: OverviewSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** A list parameter: comma-separated, repeated, or both. */
function list(raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap(v => v.split(',').map(s => s.trim()))
    .filter(Boolean);
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

/** What the spec cannot know: configured environments, entity refs, the default order. */
export function parseOverviewQuery(
  query: OverviewQueryParams,
  knownEnvironments: string[],
): OverviewQuery {
  const sort = query.sort ?? 'cost';
  const environment = list(query.environment);
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
    owner: refs(list(query.owner), 'group'),
    system: refs(list(query.system), 'system'),
    kind: list(query.kind)?.map(k => k.toLocaleLowerCase('en-US')),
    environment,
    sort,
    order: query.order ?? DEFAULT_ORDER[sort],
    offset: query.offset ?? 0,
    limit: query.limit ?? 50,
  };
}
