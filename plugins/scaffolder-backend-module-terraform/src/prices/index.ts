import type {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ageInDays, PriceSnapshot } from '@groundwork/governance';
import { readPricesConfig } from './config';
import { PriceRefresher, scheduleRefresh } from './refresh';
import { PriceSnapshotStore } from './store';

/** The newest live snapshot per provider, for the gate. */
export interface LivePriceSource {
  current(): Promise<PriceSnapshot[]>;
}

/**
 * With `groundwork.prices.live`, the price store and its scheduled
 * refresh; without, nothing (the gate uses the shipped table).
 */
export async function setUpLivePrices(options: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<LivePriceSource | undefined> {
  const prices = readPricesConfig(options.config);
  if (!prices.live) return undefined;
  const store = await PriceSnapshotStore.create(options.database);
  const refresher = new PriceRefresher({
    prices,
    store,
    logger: options.logger,
  });
  await scheduleRefresh(options.scheduler, refresher, prices);
  return {
    current: async () => {
      try {
        const snapshots = await store.newest();
        for (const s of snapshots) {
          const age = ageInDays(s.fetchedAt, new Date());
          if (age >= prices.maxAgeDays)
            options.logger.warn(
              `Live ${s.provider} prices are ${age} days old (groundwork.prices.maxAgeDays is ${prices.maxAgeDays}); still used, check the price refresh`,
            );
        }
        return snapshots;
      } catch (e) {
        options.logger.warn(
          `Live prices could not be read; the shipped price table is used: ${
            (e as Error).message
          }`,
        );
        return [];
      }
    },
  };
}

export { PriceSnapshotStore } from './store';
export { PriceRefresher, PRICE_REFRESH_TASK } from './refresh';
export { readPricesConfig } from './config';
export type { PricesConfig } from './config';
