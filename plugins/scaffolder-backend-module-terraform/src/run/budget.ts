import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_BUDGETS,
  GroundworkEnvironment,
  parseBudgetAmount,
  parseMapAnnotation,
} from '@groundwork/plugin-groundwork-common';
import type { BudgetAction, EnvironmentSettings } from '../config';
import type { TaskLog } from './lines';

/**
 * The budget config gives an entity in an environment: its
 * groundwork.dev/budgets entry, else the environment's. `invalid` is an
 * entry that is not an amount, which falls back to the environment's.
 */
export function configuredBudget(
  entity: Entity | undefined,
  env: GroundworkEnvironment,
): { budget?: number; invalid?: string } {
  const { entries } = parseMapAnnotation(
    entity?.metadata.annotations?.[ANNOTATION_BUDGETS],
  );
  const given = entries[env.name];
  const override = parseBudgetAmount(given);
  if (override !== undefined) return { budget: override };
  return {
    budget: env.monthlyBudget,
    ...(given !== undefined && { invalid: given }),
  };
}

/** The entity's budget override (groundwork.dev/budgets), else the environment's. */
export async function budgetOf(
  env: GroundworkEnvironment,
  entityRef: string,
  catalog: CatalogService,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  log: TaskLog,
): Promise<number | undefined> {
  try {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await ctx.getInitiatorCredentials(),
    });
    const { budget, invalid } = configuredBudget(entity, env);
    if (invalid !== undefined) {
      log.warn(
        `${entityRef}'s ${ANNOTATION_BUDGETS} gives "${invalid}" for ${env.name}, which is not an amount of at least 0; using the ${env.name} default.`,
      );
    }
    return budget;
  } catch (e) {
    // The budget is one input of the gate: an unreadable entity falls back
    // to the environment's budget rather than failing the run.
    log.warn(
      `Could not read ${entityRef} from the catalog for its budget override (${stringifyError(
        e,
      )}); using the ${env.name} default.`,
    );
  }
  return env.monthlyBudget;
}

/** What an estimate over budget does, unless terraform.environments says: production blocks. */
export function budgetActionOf(
  env: GroundworkEnvironment,
  defaults: Pick<EnvironmentSettings, 'budgetAction'>,
): BudgetAction {
  return defaults.budgetAction ?? (env.production ? 'block' : 'warn');
}
