import type {
  EntityStatusResponse,
  EnvironmentStatus,
  OverviewRow,
} from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { OverviewRecord } from '../store/StatusStore';
import { projectedMonthly } from './forecast';

/** The portfolio row of one environment, from the same status the entity page shows. */
function overviewRowOf(
  entity: MirroredEntity,
  env: EnvironmentStatus,
): OverviewRow {
  return {
    entityRef: entity.entityRef,
    title: entity.title,
    kind: entity.kind,
    owner: entity.owner,
    system: entity.system,
    environment: env.name,
    syncStatus: env.delivery.syncStatus,
    healthStatus: env.delivery.healthStatus,
    infrastructureResult: env.infrastructure.result,
    driftResult: env.drift.result,
    estimatedMonthly: env.cost.estimatedMonthly,
    actualMonthToDate: env.cost.actualMonthToDate,
    budgetMonthly: env.cost.budgetMonthly,
    budgetUsed: env.cost.budgetUsed,
    complianceScore: env.compliance.score,
    failed: env.compliance.failed,
    asOf: env.asOf,
  };
}

/**
 * An entity's portfolio rows as stored: one per environment it shows, with
 * what the list sorts by (name, environment order, projected cost).
 */
export function overviewRecordsOf(
  entity: MirroredEntity,
  status: EntityStatusResponse,
): OverviewRecord[] {
  return status.environments.map(env => ({
    row: overviewRowOf(entity, env),
    order: env.order,
    name: entity.name,
    projectedMonthly: projectedMonthly(
      env.cost.estimatedMonthly,
      env.cost.forecastMonthly ?? null,
    ),
  }));
}
