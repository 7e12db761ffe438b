import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_PRICE_TABLE,
  defaultPriceFetchers,
  PriceFetchers,
  priceNeedsOfTable,
  PriceSnapshot,
  PRICE_PROVIDERS,
  redactUrl,
} from '@groundwork/governance';
import { randomUUID } from 'node:crypto';
import type { PricesConfig } from './config';
import type { PriceSnapshotStore } from './store';

export const PRICE_REFRESH_TASK = 'groundwork-price-refresh';

/**
 * Fetches the configured regions' prices and stores a snapshot per
 * provider. Only the replica that claims the refresh runs it: the
 * scheduler's global scope already picks one, and the claim in the
 * database keeps a second from fetching again within the refresh interval.
 */
export class PriceRefresher {
  private readonly holder = randomUUID();

  constructor(
    private readonly options: {
      prices: PricesConfig;
      store: PriceSnapshotStore;
      logger: LoggerService;
      fetchers?: PriceFetchers;
      /** Shortest time between two refreshes of any replica. */
      minIntervalMs?: number;
    },
  ) {}

  /** Runs a refresh if this replica wins the claim; the snapshots stored. */
  async run(now = new Date()): Promise<PriceSnapshot[] | undefined> {
    const { prices, store, logger } = this.options;
    const claimed = await store.claimRefresh(
      this.holder,
      now,
      this.options.minIntervalMs ?? 60_000,
    );
    if (!claimed) {
      logger.info('Price refresh skipped: another replica ran it just now');
      return undefined;
    }
    const fetchers =
      this.options.fetchers ??
      defaultPriceFetchers({ gcp: { apiKey: prices.gcpApiKey } });
    const needs = priceNeedsOfTable(DEFAULT_PRICE_TABLE, prices.regions);
    const saved: PriceSnapshot[] = [];
    for (const provider of PRICE_PROVIDERS) {
      const need = needs[provider];
      const fetcher = fetchers[provider] as
        | ((n: typeof need, at: Date) => Promise<PriceSnapshot>)
        | undefined;
      if (!need || !fetcher) continue;
      try {
        const snapshot = await fetcher(need, now);
        await store.save(snapshot);
        saved.push(snapshot);
        logger.info(
          `Prices refreshed from ${snapshot.source} for ${snapshot.regions.join(
            ', ',
          )}`,
        );
      } catch (e) {
        // The previous snapshot (or the shipped table) stays in use.
        logger.warn(
          `Price refresh of ${provider} failed; the previous prices stay in use: ${redactUrl(
            (e as Error).message,
          )}`,
        );
      }
    }
    return saved;
  }
}

/** Schedules the refresh on every replica; one runs it at a time. */
export async function scheduleRefresh(
  scheduler: SchedulerService,
  refresher: PriceRefresher,
  prices: PricesConfig,
): Promise<void> {
  await scheduler.scheduleTask({
    id: PRICE_REFRESH_TASK,
    ...prices.schedule,
    scope: 'global',
    fn: async () => {
      await refresher.run();
    },
  });
}
