import type { PriceOverrides, PriceTable } from './prices/types';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over))
    return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** The shipped table with user overrides deep-merged over it. */
export function mergePrices(
  table: PriceTable,
  overrides: PriceOverrides | undefined,
): PriceTable {
  return overrides ? (merge(table, overrides) as PriceTable) : table;
}
