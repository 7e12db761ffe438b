import { CostInputError, mergePrices } from '../mergePrices';
import type { PriceOverrides, PriceTable } from '../prices/types';

export type PriceProvider = 'aws' | 'azure' | 'gcp';

export const PRICE_PROVIDERS: readonly PriceProvider[] = [
  'aws',
  'azure',
  'gcp',
];

export type LivePriceSource =
  | 'aws-price-list-api'
  | 'azure-retail-prices'
  | 'gcp-cloud-billing-catalog';

export const LIVE_SOURCE_OF: Readonly<Record<PriceProvider, LivePriceSource>> =
  {
    aws: 'aws-price-list-api',
    azure: 'azure-retail-prices',
    gcp: 'gcp-cloud-billing-catalog',
  };

/** Prices one provider's API answered for some regions, with when. */
export interface PriceSnapshot {
  provider: PriceProvider;
  regions: string[];
  /** ISO timestamp of the fetch. */
  fetchedAt: string;
  source: LivePriceSource;
  /** Only the prices the API had; everything else stays shipped. */
  overrides: PriceOverrides;
}

/** Where one provider's prices in an estimate came from. */
export interface PriceSourceInfo {
  provider: PriceProvider;
  kind: 'live' | 'shipped';
  /** YYYY-MM-DD: the fetch date (live) or the shipped table's date. */
  date: string;
  /** Whole days between `date` and the estimate. */
  ageDays: number;
  /** The API, for live prices. */
  source?: LivePriceSource;
  /** Regions the live prices cover. */
  regions?: string[];
  /** Why live prices were not used, or what was left out of them. */
  note?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` (a date or ISO timestamp) to `now`, never negative. */
export function ageInDays(from: string, now: Date): number {
  const t = Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now.getTime() - t) / DAY_MS));
}

/** The shipped table's entry for a provider. */
export function shippedSource(
  shipped: PriceTable,
  provider: PriceProvider,
  now: Date,
  note?: string,
): PriceSourceInfo {
  const info: PriceSourceInfo = {
    provider,
    kind: 'shipped',
    date: shipped.date,
    ageDays: ageInDays(shipped.date, now),
  };
  if (note) info.note = note;
  return info;
}

/**
 * A live snapshot may hold regions the shipped table has not. The merge
 * refuses a new region that lacks any part (a pricer cannot price from
 * half a region), so such regions are left out and named.
 */
function knownRegionsOnly(
  shipped: PriceTable,
  snapshot: PriceSnapshot,
): { overrides: PriceOverrides; dropped: string[] } {
  const byRegion = (snapshot.overrides[snapshot.provider] ?? {}) as Record<
    string,
    unknown
  >;
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [region, prices] of Object.entries(byRegion)) {
    if (
      Object.prototype.hasOwnProperty.call(shipped[snapshot.provider], region)
    )
      kept[region] = prices;
    else dropped.push(region);
  }
  return {
    overrides: { [snapshot.provider]: kept } as PriceOverrides,
    dropped,
  };
}

/**
 * The shipped table with the newest snapshot of each provider merged over
 * it, and per provider where its prices came from and how old they are.
 * A snapshot that does not fit the table's shape is ignored (named in the
 * source's note): the shipped prices are then used.
 */
export function liveTable(
  shipped: PriceTable,
  snapshots: readonly PriceSnapshot[],
  now: Date,
): { table: PriceTable; sources: PriceSourceInfo[] } {
  const newest = new Map<PriceProvider, PriceSnapshot>();
  for (const s of snapshots) {
    const seen = newest.get(s.provider);
    if (!seen || Date.parse(s.fetchedAt) > Date.parse(seen.fetchedAt))
      newest.set(s.provider, s);
  }
  let table = shipped;
  const sources: PriceSourceInfo[] = [];
  for (const provider of PRICE_PROVIDERS) {
    const snapshot = newest.get(provider);
    if (!snapshot) {
      sources.push(shippedSource(shipped, provider, now));
      continue;
    }
    const { overrides, dropped } = knownRegionsOnly(shipped, snapshot);
    try {
      table = mergePrices(table, overrides);
    } catch (e) {
      if (!(e instanceof CostInputError)) throw e;
      sources.push(
        shippedSource(
          shipped,
          provider,
          now,
          `the ${snapshot.source} snapshot of ${snapshot.fetchedAt} does not fit the price table (${e.issues[0]}); shipped prices used`,
        ),
      );
      continue;
    }
    const info: PriceSourceInfo = {
      provider,
      kind: 'live',
      date: snapshot.fetchedAt.slice(0, 10),
      ageDays: ageInDays(snapshot.fetchedAt, now),
      source: snapshot.source,
      regions: [...snapshot.regions],
    };
    if (dropped.length > 0)
      info.note = `regions without a shipped table left out: ${dropped.join(
        ', ',
      )}`;
    sources.push(info);
  }
  // The table keeps the shipped date: `priceTableDate` still names the
  // shipped table, and `sources` say what is live.
  return { table: { ...table, date: shipped.date }, sources };
}

/** A snapshot read back from a cache: the fields, checked, or undefined. */
export function asSnapshot(value: unknown): PriceSnapshot | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const provider = v.provider as PriceProvider;
  if (!PRICE_PROVIDERS.includes(provider)) return undefined;
  if (v.source !== LIVE_SOURCE_OF[provider]) return undefined;
  if (typeof v.fetchedAt !== 'string' || Number.isNaN(Date.parse(v.fetchedAt)))
    return undefined;
  if (!Array.isArray(v.regions) || !v.regions.every(r => typeof r === 'string'))
    return undefined;
  if (v.overrides === null || typeof v.overrides !== 'object') return undefined;
  return value as PriceSnapshot;
}

/** The regions of a snapshot as a stable key: sorted, comma-joined. */
export function regionKey(regions: readonly string[]): string {
  return [...new Set(regions)].sort().join(',');
}
