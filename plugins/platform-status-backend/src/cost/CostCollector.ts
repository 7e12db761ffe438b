import { LoggerService } from '@backstage/backend-plugin-api';
import type { StatusService } from '../status/StatusService';
import type { CostItem } from '../store/StatusStore';
import type { CostActualsSource } from '@groundwork/plugin-platform-status-node';

/** Pulls month-to-date actuals from the billing source into the store. */
export class CostCollector {
  constructor(
    private readonly deps: {
      source: CostActualsSource;
      service: StatusService;
      logger: LoggerService;
    },
  ) {}

  async run(signal?: AbortSignal) {
    const { source, service, logger } = this.deps;
    const at = new Date();
    const entities = await service.mirroredEntities();
    const byAllocation = new Map<string, string[]>();
    for (const e of entities) {
      const refs = byAllocation.get(e.settings.costAllocation) ?? [];
      refs.push(e.entityRef);
      byAllocation.set(e.settings.costAllocation, refs);
    }
    try {
      const result = await source.fetchMonthToDate({
        allocations: [...byAllocation.keys()],
        environments: service.environments.environments,
        now: at,
        signal,
      });
      const items: CostItem[] = result.items.flatMap(item =>
        (byAllocation.get(item.allocation) ?? []).map(entityRef => ({
          entityRef,
          environment: item.environment,
          amount: item.amount,
        })),
      );
      const touched = await service.recordCostActuals(
        source.name,
        result.currency,
        result.period,
        items,
        at.toISOString(),
      );
      await service.recordCollection('cost', source.name, {
        ok: true,
        at: at.toISOString(),
      });
      await service.refreshOverview(touched);
    } catch (error) {
      const message = (error as Error).message;
      logger.warn(`Cost actuals from ${source.name} failed: ${message}`);
      await service.recordCollection('cost', source.name, {
        ok: false,
        at: at.toISOString(),
        error: message,
      });
    }
  }
}
