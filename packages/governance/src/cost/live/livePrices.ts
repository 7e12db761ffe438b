import type { AwsPriceClientOptions } from './aws';
import { AwsPriceClient } from './aws';
import type { AzurePriceClientOptions } from './azure';
import { AzurePriceClient } from './azure';
import type { SnapshotCache } from './diskCache';
import type { GcpPriceClientOptions } from './gcp';
import { GcpPriceClient } from './gcp';
import { redactUrl } from './http';
import type { PriceNeeds } from './needs';
import {
  ageInDays,
  PRICE_PROVIDERS,
  PriceProvider,
  PriceSnapshot,
} from './snapshot';

/** Fetches one provider's prices for what is needed. */
export type PriceFetcher<N> = (needs: N, now: Date) => Promise<PriceSnapshot>;

export interface PriceFetchers {
  aws?: PriceFetcher<NonNullable<PriceNeeds['aws']>>;
  azure?: PriceFetcher<NonNullable<PriceNeeds['azure']>>;
  gcp?: PriceFetcher<NonNullable<PriceNeeds['gcp']>>;
}

export const DEFAULT_MAX_AGE_DAYS = 7;

const PROVIDER_NAMES: Record<PriceProvider, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
};

/** The real clients. Google's is left out without an API key (it needs one). */
export function defaultPriceFetchers(
  options: {
    aws?: AwsPriceClientOptions;
    azure?: AzurePriceClientOptions;
    gcp?: GcpPriceClientOptions;
  } = {},
): PriceFetchers {
  const fetchers: PriceFetchers = {
    aws: (needs, now) => new AwsPriceClient(options.aws).fetch(needs, now),
    azure: (needs, now) =>
      new AzurePriceClient(options.azure).fetch(needs, now),
  };
  if (options.gcp?.apiKey)
    fetchers.gcp = (needs, now) =>
      new GcpPriceClient(options.gcp).fetch(needs, now);
  return fetchers;
}

/** The cache key of a request: the same regions and types, the same file. */
export function needsKey(needs: unknown): string {
  return JSON.stringify(needs);
}

export interface LoadLivePricesOptions {
  needs: PriceNeeds;
  cache: SnapshotCache;
  fetchers: PriceFetchers;
  now?: Date;
  /** A cached snapshot older than this is fetched again. Default 7. */
  maxAgeDays?: number;
}

/**
 * Snapshots for what is needed: from the cache while fresh, else fetched
 * (and cached); when a fetch fails, a stale cached copy is used with its
 * age stated, else nothing (the shipped table stays). `notes` say each of
 * those choices, for stderr or a log; they never hold a secret.
 */
export async function loadLivePrices(
  options: LoadLivePricesOptions,
): Promise<{ snapshots: PriceSnapshot[]; notes: string[] }> {
  const now = options.now ?? new Date();
  const maxAge = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const snapshots: PriceSnapshot[] = [];
  const notes: string[] = [];
  for (const provider of PRICE_PROVIDERS) {
    const needs = options.needs[provider];
    if (!needs) continue;
    const name = PROVIDER_NAMES[provider];
    const key = needsKey(needs);
    const cached = await options.cache.read(provider, key);
    if (cached.note) notes.push(`${name} prices: ${cached.note}`);
    const age = cached.snapshot
      ? ageInDays(cached.snapshot.fetchedAt, now)
      : undefined;
    if (cached.snapshot && age! < maxAge) {
      snapshots.push(cached.snapshot);
      continue;
    }
    const fetcher = options.fetchers[provider] as
      | PriceFetcher<typeof needs>
      | undefined;
    let failure: string;
    if (!fetcher) {
      failure =
        provider === 'gcp'
          ? 'no API key (set GOOGLE_CLOUD_BILLING_API_KEY)'
          : 'no client configured';
    } else {
      try {
        const snapshot = await fetcher(needs, now);
        snapshots.push(snapshot);
        try {
          await options.cache.write(key, snapshot);
        } catch (e) {
          notes.push(
            `${name} prices: fetched, but the cache could not be written (${
              (e as NodeJS.ErrnoException).code ?? (e as Error).message
            })`,
          );
        }
        continue;
      } catch (e) {
        failure = redactUrl((e as Error).message);
      }
    }
    if (cached.snapshot) {
      snapshots.push(cached.snapshot);
      notes.push(
        `${name} prices: live fetch failed (${failure}); using the cached prices of ${cached.snapshot.fetchedAt.slice(
          0,
          10,
        )} (${age} days old)`,
      );
    } else {
      notes.push(
        `${name} prices: live fetch failed (${failure}); using the shipped price table`,
      );
    }
  }
  return { snapshots, notes };
}
