import type { AuthService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import { listRules, loadPolicyFile } from '@groundwork/governance';
import {
  type GroundworkEnvironment,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import {
  BUDGET_REQUEST_KIND,
  type BudgetRequestPayload,
  type RequestChange,
  WAIVER_REQUEST_KIND,
  type WaiverRequestPayload,
} from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import { environmentSettings, readTerraformConfig } from '../config';
import { configuredBudget } from '../run/budget';
import { canonicalEntityRef } from '../run/identity';
import {
  budgetFields,
  futureInstant,
  monthlyBudget,
  resourcePattern,
  waiverFields,
} from './payload';

export interface GovernanceApplierOptions {
  config: Config;
  /** Read with the plugin's own credentials: the requester's are gone when someone approves. */
  catalog: CatalogService;
  auth: AuthService;
  /** The clock `expiresAt` must be ahead of (tests). */
  now?: () => Date;
}

/** What a reviewer reads of a rule next to its id. */
interface RuleSummary {
  id: string;
  title: string;
  severity: string;
}

const PACK_RULES = new Map<string, RuleSummary>(
  listRules().map(r => [
    r.id.toUpperCase(),
    { id: r.id, title: r.title, severity: r.severity },
  ]),
);

/** What waivers, budgets and their checks share: config, the catalog, the clock. */
function context(options: GovernanceApplierOptions) {
  const environments = readGroundworkEnvironments(options.config);
  const terraform = readTerraformConfig(options.config);
  const now = options.now ?? (() => new Date());

  const environmentOf = (name: string): GroundworkEnvironment => {
    const env = environments.find(name);
    if (!env) {
      throw new InputError(
        `environment "${name}" is not one of this portal's environments (${environments.environments
          .map(e => e.name)
          .join(', ')}).`,
      );
    }
    return env;
  };

  const entityOf = async (ref: string): Promise<Entity> => {
    const entityRef = canonicalEntityRef(ref);
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new InputError(
        `entityRef ${entityRef} is not in the catalog; name a registered entity, e.g. component:default/ledger.`,
      );
    }
    return entity;
  };

  /** A pack rule, or a team rule of the environment's policy file, by its id as written there. */
  const ruleOf = async (
    id: string,
    environment: string,
  ): Promise<RuleSummary> => {
    const pack = PACK_RULES.get(id.toUpperCase());
    if (pack) return pack;
    const file =
      environmentSettings(terraform, environment).policyFile ??
      terraform.policy.file;
    let teamRules: RuleSummary[] = [];
    if (file) {
      try {
        teamRules = ((await loadPolicyFile(file)).customRules ?? []).map(r => ({
          id: r.id,
          title: r.title,
          severity: r.severity,
        }));
      } catch (e) {
        throw new InputError(
          `rule "${id}" is not a rule of the Groundwork pack, and the team rules of ${environment}'s policy file could not be read (${stringifyError(
            e,
          )}); ask the platform team to fix the policy file.`,
        );
      }
    }
    const team = teamRules.find(r => r.id.toUpperCase() === id.toUpperCase());
    if (team) return team;
    throw new InputError(
      `rule "${id}" is neither a rule of the Groundwork pack nor a team rule of ${environment}'s policy file; give a rule id as a finding shows it, e.g. GW-AWS-004 (all of them: "groundwork-governance rules").`,
    );
  };

  return { environments, now, environmentOf, entityOf, ruleOf };
}

/** The owner of an entity as a group ref, when a group owns it. */
function owningGroup(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner === '') return undefined;
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return ref.kind.toLocaleLowerCase('en-US') === 'group'
      ? stringifyEntityRef(ref)
      : undefined;
  } catch {
    return undefined;
  }
}

function gateChange(environment: string, detail: string): RequestChange {
  return {
    system: 'governance',
    target: `governance gate of ${environment}`,
    detail,
  };
}

/**
 * Waivers of one policy rule for matching resources of one entity in one
 * environment, until an instant. Applying one changes nothing outside:
 * the terraform:apply gate and platform status read the waivers in force
 * (applied, not expired) from the requests backend, so it ends on its own.
 */
export function createWaiverRequestApplier(
  options: GovernanceApplierOptions,
): RequestApplier {
  const ctx = context(options);
  const what = (w: WaiverRequestPayload) =>
    `waive ${w.rule} for ${w.resource} of ${w.entityRef} until ${w.expiresAt}`;

  return {
    kind: WAIVER_REQUEST_KIND,

    async validate(payload) {
      const fields = waiverFields(payload);
      const env = ctx.environmentOf(fields.environment);
      const resource = resourcePattern(fields.resource);
      const expiresAt = futureInstant(fields.expiresAt, ctx.now());
      const entity = await ctx.entityOf(fields.entityRef);
      const rule = await ctx.ruleOf(fields.rule, env.name);
      const waiver: WaiverRequestPayload = {
        entityRef: stringifyEntityRef(entity),
        environment: env.name,
        rule: rule.id,
        resource,
        expiresAt,
        // For the reviewer, from the pack or the policy file, never from the requester.
        ruleTitle: rule.title,
        ruleSeverity: rule.severity,
      };
      return waiver as unknown as JsonObject;
    },

    async describe(payload) {
      const w = payload as unknown as WaiverRequestPayload;
      const env = ctx.environmentOf(w.environment);
      // Outside production the team that owns the entity may decide its
      // own waivers; in production only the configured approvers may.
      const owner = env.production
        ? undefined
        : owningGroup(await ctx.entityOf(w.entityRef));
      return {
        title: `Waive ${w.rule} for ${w.resource} in ${w.entityRef} (${env.name}) until ${w.expiresAt}`,
        changes: [gateChange(env.name, what(w))],
        entityRef: w.entityRef,
        environment: env.name,
        expiresAt: w.expiresAt,
        ...(owner && { approverGroups: [owner] }),
      };
    },

    async apply(request, { logger }) {
      const w = request.payload as unknown as WaiverRequestPayload;
      logger.info(
        `Request ${request.id}: the governance gate of ${
          w.environment
        } will ${what(w)}.`,
      );
      return {
        changes: [{ ...gateChange(w.environment, what(w)), status: 'done' }],
      };
    },
  };
}

/**
 * A monthly budget for one entity in one environment, until an instant: it
 * replaces the groundwork.dev/budgets annotation and the environment's
 * budget in the gate's budget check and in platform status while in force.
 */
export function createBudgetRequestApplier(
  options: GovernanceApplierOptions,
): RequestApplier {
  const ctx = context(options);
  const currency = ctx.environments.currency;
  const what = (b: BudgetRequestPayload) =>
    `budget ${b.monthlyBudget} ${currency}/month for ${b.entityRef} until ${b.expiresAt}`;

  return {
    kind: BUDGET_REQUEST_KIND,

    async validate(payload) {
      const fields = budgetFields(payload);
      const env = ctx.environmentOf(fields.environment);
      const amount = monthlyBudget(fields.monthlyBudget);
      const expiresAt = futureInstant(fields.expiresAt, ctx.now());
      const entity = await ctx.entityOf(fields.entityRef);
      const budget: BudgetRequestPayload = {
        entityRef: stringifyEntityRef(entity),
        environment: env.name,
        monthlyBudget: amount,
        expiresAt,
        // For the reviewer: what config gives today, never the requester's figure.
        currentBudget: configuredBudget(entity, env).budget ?? null,
      };
      return budget as unknown as JsonObject;
    },

    async describe(payload) {
      const b = payload as unknown as BudgetRequestPayload;
      const env = ctx.environmentOf(b.environment);
      // The reviewer weighs the raise against what config gives today.
      const { budget: current } = configuredBudget(
        await ctx.entityOf(b.entityRef),
        env,
      );
      return {
        title: `Budget ${b.monthlyBudget} ${currency}/month for ${b.entityRef} (${env.name}) until ${b.expiresAt}`,
        changes: [
          gateChange(
            env.name,
            `${what(b)}, instead of ${
              current === undefined
                ? 'no budget'
                : `${current} ${currency}/month`
            }`,
          ),
        ],
        entityRef: b.entityRef,
        environment: env.name,
        expiresAt: b.expiresAt,
      };
    },

    async apply(request, { logger }) {
      const b = request.payload as unknown as BudgetRequestPayload;
      logger.info(
        `Request ${request.id}: the governance gate of ${
          b.environment
        } will use the ${what(b)}.`,
      );
      return {
        changes: [{ ...gateChange(b.environment, what(b)), status: 'done' }],
      };
    },
  };
}
