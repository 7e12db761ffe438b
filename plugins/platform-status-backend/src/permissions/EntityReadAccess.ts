import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { PromiseCache } from '../cache/PromiseCache';
import { conditionsToSql, OverviewFilter } from './conditionsToSql';

/** A rule the catalog knows that this plugin does not (an adopter's own). */
class UnknownRuleError extends Error {}

const RULES = new Map<string, any>(
  Object.values(permissionRules).map(rule => [rule.name, rule]),
);

const authorize = createConditionAuthorizer<Entity>({
  getRuleByName(name: string) {
    const rule = RULES.get(name);
    if (!rule) throw new UnknownRuleError(name);
    return rule;
  },
});

/** Who may read what, decided for one caller. */
type ReadScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | {
      kind: 'some';
      canRead(entity: Entity): boolean;
      /** True when a condition uses a rule only the catalog can apply. */
      needsCatalog: boolean;
      /** The conditions as a SQL filter, when they have an exact one. */
      sql?: { filter: OverviewFilter; signature: string };
    };

function sqlOf(conditions: unknown) {
  const filter = conditions ? conditionsToSql(conditions) : undefined;
  return filter && { filter, signature: JSON.stringify(conditions) };
}

/** Every rule name in a condition tree. */
function rulesIn(criteria: unknown, into = new Set<string>()): Set<string> {
  const c = criteria as Record<string, unknown>;
  if (Array.isArray(c.allOf)) c.allOf.forEach(x => rulesIn(x, into));
  else if (Array.isArray(c.anyOf)) c.anyOf.forEach(x => rulesIn(x, into));
  else if (c.not) rulesIn(c.not, into);
  else if (typeof c.rule === 'string') into.add(c.rule);
  return into;
}

/** What a decision lets its caller read. */
function scopeOf(decision: PolicyDecision): ReadScope {
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  if (decision.result === AuthorizeResult.DENY) return { kind: 'none' };
  const { conditions } = decision as { conditions: unknown };
  const needsCatalog = [...rulesIn(conditions)].some(name => !RULES.has(name));
  return {
    kind: 'some',
    canRead: entity => authorize(decision, entity),
    needsCatalog,
    sql: sqlOf(needsCatalog ? undefined : conditions),
  };
}

function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? `user:${p.userEntityRef}`
    : `${p.type}:${p.subject ?? ''}`;
}

/**
 * Reading status follows `catalog.entity.read`. The permission policy is
 * asked once per caller per `cacheSeconds`; a conditional answer is applied
 * here to the mirrored entity with the catalog's own rules, so a status read
 * costs no catalog round trip. Conditions with rules only the catalog knows
 * (an adopter's custom rules) are asked of the catalog, with the caller's
 * credentials, and that answer is cached the same way.
 */
export class EntityReadAccess {
  private readonly decisions: PromiseCache<PolicyDecision>;
  private readonly catalogAnswers: PromiseCache<boolean>;
  private readonly catalogSets: PromiseCache<Set<string>>;
  /** Worked out once per decision, not per request. */
  private readonly scopes = new WeakMap<PolicyDecision, ReadScope>();

  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      catalog: CatalogService;
      logger: LoggerService;
      cacheSeconds: number;
    },
  ) {
    const ttlMs = deps.cacheSeconds * 1000;
    this.decisions = new PromiseCache({ ttlMs, max: 10_000 });
    this.catalogAnswers = new PromiseCache({ ttlMs, max: 50_000 });
    this.catalogSets = new PromiseCache({ ttlMs, max: 1_000 });
  }

  private decision(credentials: BackstageCredentials) {
    return this.decisions.get(principalKey(credentials), async () => {
      const [decision] = await this.deps.permissions.authorizeConditional(
        [{ permission: catalogEntityReadPermission }],
        { credentials },
      );
      return decision;
    });
  }

  /** Whether the caller may read this one entity. */
  async canRead(
    credentials: BackstageCredentials,
    entity: Entity,
  ): Promise<boolean> {
    const scope = await this.scope(credentials);
    if (scope.kind === 'all') return true;
    if (scope.kind === 'none') return false;
    if (!scope.needsCatalog) return scope.canRead(entity);
    const ref = stringifyEntityRef(entity);
    return this.catalogAnswers.get(
      `${principalKey(credentials)}\n${ref}`,
      async () =>
        Boolean(await this.deps.catalog.getEntityByRef(ref, { credentials })),
    );
  }

  /** The caller's scope: everything, nothing, or a predicate. */
  async scope(credentials: BackstageCredentials): Promise<ReadScope> {
    const decision = await this.decision(credentials);
    let scope = this.scopes.get(decision);
    if (!scope) {
      scope = scopeOf(decision);
      this.scopes.set(decision, scope);
    }
    return scope;
  }

  /**
   * A predicate over many entities. When the conditions use rules only the
   * catalog knows, asks the catalog once for every ref the caller may read.
   */
  async readableFilter(
    credentials: BackstageCredentials,
    entities: (ref: string) => Entity | undefined,
  ): Promise<(ref: string) => boolean> {
    const scope = await this.scope(credentials);
    if (scope.kind === 'all') return () => true;
    if (scope.kind === 'none') return () => false;
    if (scope.needsCatalog) {
      const set = await this.catalogSets.get(
        principalKey(credentials),
        async () => {
          const refs = new Set<string>();
          for await (const page of this.deps.catalog.streamEntities(
            { fields: ['kind', 'metadata.namespace', 'metadata.name'] },
            { credentials },
          )) {
            for (const e of page) refs.add(stringifyEntityRef(e));
          }
          return refs;
        },
      );
      return ref => set.has(ref);
    }
    return ref => {
      const entity = entities(ref);
      return entity ? scope.canRead(entity) : false;
    };
  }
}
