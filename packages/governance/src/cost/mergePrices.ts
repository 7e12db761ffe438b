import type { PriceOverrides, PriceTable } from './prices/types';
import type { UsageFigures } from './types';
import { USAGE_FIGURE_NAMES } from './usage/figures';

/** A price override or usage file that does not fit; `issues` name each path. */
export class CostInputError extends Error {
  readonly issues: string[];

  constructor(what: string, issues: string[]) {
    super(
      `The ${what} are not valid:\n${issues.map(i => `  ${i}`).join('\n')}`,
    );
    this.name = 'CostInputError';
    this.issues = issues;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Checks overrides against the shape of the shipped table: a value may
 * replace one of the same kind, a new key (a region, an instance type) may
 * be added, and every price is a finite number of at least 0. A new region
 * must be complete, since a pricer cannot price from half a region.
 */
function checkOverrides(
  base: unknown,
  over: unknown,
  path: string,
  issues: string[],
): void {
  if (base === undefined) {
    // A new entry: a price, or a table whose leaves are all prices.
    if (typeof over === 'number') {
      if (!Number.isFinite(over) || over < 0)
        issues.push(`${path}: a price must be a number of at least 0`);
    } else if (isPlainObject(over)) {
      for (const [k, v] of Object.entries(over))
        checkOverrides(undefined, v, `${path}.${k}`, issues);
    } else {
      issues.push(`${path}: expected a price (number), found ${kindOf(over)}`);
    }
    return;
  }
  if (kindOf(base) !== kindOf(over)) {
    issues.push(`${path}: expected ${kindOf(base)}, found ${kindOf(over)}`);
    return;
  }
  if (typeof over === 'number' && (!Number.isFinite(over) || over < 0)) {
    issues.push(`${path}: a price must be a number of at least 0`);
  } else if (Array.isArray(over)) {
    const b = base as unknown[];
    over.forEach((v, i) => checkOverrides(b[i], v, `${path}[${i}]`, issues));
  } else if (isPlainObject(over)) {
    const b = base as Record<string, unknown>;
    for (const [k, v] of Object.entries(over))
      checkOverrides(b[k], v, path ? `${path}.${k}` : k, issues);
  }
}

function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over))
    return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** A region added by overrides has every part of the shipped regions. */
function checkNewRegions(
  table: PriceTable,
  merged: PriceTable,
  issues: string[],
): void {
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    const template = Object.values(table[cloud])[0] as Record<string, unknown>;
    for (const [region, prices] of Object.entries(merged[cloud])) {
      if (region in table[cloud]) continue;
      const missing = Object.keys(template).filter(
        k => (prices as Record<string, unknown>)[k] === undefined,
      );
      if (missing.length > 0)
        issues.push(
          `${cloud}.${region}: a new region needs every part of a shipped one; missing ${missing.join(
            ', ',
          )} (copy ${cloud}.${Object.keys(table[cloud])[0]} and edit it)`,
        );
    }
  }
}

/** The shipped table with user overrides deep-merged over it. */
export function mergePrices(
  table: PriceTable,
  overrides: PriceOverrides | undefined,
): PriceTable {
  if (overrides === undefined) return table;
  const issues: string[] = [];
  if (!isPlainObject(overrides)) {
    issues.push(`expected an object, found ${kindOf(overrides)}`);
  } else {
    checkOverrides(table, overrides, '', issues);
  }
  if (issues.length > 0) throw new CostInputError('price overrides', issues);
  const merged = merge(table, overrides) as PriceTable;
  checkNewRegions(table, merged, issues);
  if (issues.length > 0) throw new CostInputError('price overrides', issues);
  return merged;
}

const USAGE_FIELDS: readonly string[] = USAGE_FIGURE_NAMES;

/**
 * Usage figures by address pattern. A misspelt field would otherwise be
 * ignored and the resource reported as having no usage figure.
 */
export function checkUsage(
  usage: unknown,
): Record<string, UsageFigures> | undefined {
  if (usage === undefined) return undefined;
  const issues: string[] = [];
  if (!isPlainObject(usage)) {
    issues.push(`expected an object keyed by address, found ${kindOf(usage)}`);
  } else {
    for (const [address, figures] of Object.entries(usage)) {
      if (!isPlainObject(figures)) {
        issues.push(`${address}: expected an object, found ${kindOf(figures)}`);
        continue;
      }
      for (const [field, value] of Object.entries(figures)) {
        if (!USAGE_FIELDS.includes(field)) {
          issues.push(
            `${address}.${field}: unknown usage figure; expected one of ${USAGE_FIELDS.join(
              ', ',
            )}`,
          );
        } else if (
          typeof value !== 'number' ||
          !Number.isFinite(value) ||
          value < 0
        ) {
          issues.push(`${address}.${field}: must be a number of at least 0`);
        }
      }
    }
  }
  if (issues.length > 0) throw new CostInputError('usage figures', issues);
  return usage as Record<string, UsageFigures>;
}
