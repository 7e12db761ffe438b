import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_BUDGETS,
  GroundworkEnvironment,
  parseBudgetAmount,
  parseMapAnnotation,
} from '@groundwork/plugin-groundwork-common';
import type { BudgetAction, EnvironmentSettings } from '../config';
import type { TaskLog } from './lines';

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
    const { entries } = parseMapAnnotation(
      entity?.metadata.annotations?.[ANNOTATION_BUDGETS],
    );
    const given = entries[env.name];
    const override = parseBudgetAmount(given);
    if (override !== undefined) return override;
    if (given !== undefined) {
      log.warn(
        `${entityRef}'s ${ANNOTATION_BUDGETS} gives "${given}" for ${env.name}, which is not an amount of at least 0; using the ${env.name} default.`,
      );
    }
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
