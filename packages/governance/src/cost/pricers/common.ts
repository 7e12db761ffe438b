import type {
  JsonObject,
  JsonValue,
  Plan,
  PlanResource,
} from '../../plan/types';
import { getPath, maskCovers } from '../../plan/values';
import type { PriceTable } from '../prices/types';
import type { CostComponent, UsageFigures } from '../types';
import type { UsageFigureName } from '../usage/figures';

/** Thrown by a pricer when a deciding value or price is missing. */
export class UnpricedError extends Error {}

/** What a pricer sees: one side (before or after) of one resource. */
export interface PricingInput {
  resource: PlanResource;
  values: JsonObject;
  side: 'before' | 'after';
  table: PriceTable;
  plan: Plan;
  usage?: UsageFigures;
  /** Ids of EBS volumes the plan manages as aws_ebs_volume (priced there). */
  managedVolumeIds: ReadonlySet<string>;
  /** Region, resolved by the estimator per provider. */
  region: string;
  /** The day prices are for (what time-bound charges such as RDS Extended Support depend on). */
  pricedAt: Date;
  assume(note: string): void;
}

export type PricerResult =
  | { status: 'priced'; components: CostComponent[] }
  | { status: 'usage-priced'; components: CostComponent[]; reason: string };

export type Pricer = (input: PricingInput) => PricerResult;

type Cloud = 'aws' | 'gcp' | 'azure';
const CLOUD_NAMES: Record<Cloud, string> = {
  aws: 'AWS',
  gcp: 'GCP',
  azure: 'Azure',
};

/** The price table's prices for the input's region of one cloud. */
export function regionPricesOf<C extends Cloud>(
  input: PricingInput,
  cloud: C,
): PriceTable[C][string] {
  const p = input.table[cloud][input.region] as
    | PriceTable[C][string]
    | undefined;
  if (!p) {
    throw new UnpricedError(
      `no ${CLOUD_NAMES[cloud]} prices for region ${input.region} in the price table`,
    );
  }
  return p;
}

/** Reads a value, refusing ones that are only known after apply. */
export function known(
  input: PricingInput,
  key: string | Array<string | number>,
): JsonValue | undefined {
  const path = Array.isArray(key) ? key : [key];
  if (isHidden(input, path))
    throw new UnpricedError(`${path.join('.')} is only known after apply`);
  return valueAt(input, path);
}

function isHidden(input: PricingInput, path: Array<string | number>): boolean {
  return (
    input.side === 'after' && maskCovers(input.resource.afterUnknown, path)
  );
}

function valueAt(
  input: PricingInput,
  path: Array<string | number>,
): JsonValue | undefined {
  const v = getPath(input.values, path);
  return v === null ? undefined : v;
}

/**
 * Reads an optional attribute that has a documented default: a value
 * hidden until apply counts as unset, and the caller assumes the default.
 */
export function optional(
  input: PricingInput,
  key: string | Array<string | number>,
): JsonValue | undefined {
  const path = Array.isArray(key) ? key : [key];
  return isHidden(input, path) ? undefined : valueAt(input, path);
}

/** An own entry of a price table: plan values never reach Object.prototype. */
export function own<T>(
  table: Record<string, T> | undefined,
  key: string,
): T | undefined {
  return table && Object.prototype.hasOwnProperty.call(table, key)
    ? table[key]
    : undefined;
}

/** Looks a price up, failing with a reason that names what is missing. */
export function price<T>(
  table: Record<string, T> | undefined,
  key: string,
  what: string,
  region: string,
): T {
  const p = own(table, key);
  if (p === undefined)
    throw new UnpricedError(
      `no price for ${what} "${key}" in ${region} in the price table`,
    );
  return p;
}

const round = (n: number) => Math.round(n * 10000) / 10000;

export function component(
  name: string,
  unit: string,
  quantity: number,
  unitPrice: number,
): CostComponent {
  return {
    name,
    unit,
    quantity: round(quantity),
    unitPrice,
    monthly: round(quantity * unitPrice),
  };
}

export function hourly(
  input: PricingInput,
  name: string,
  unitPrice: number,
  count = 1,
): CostComponent {
  return component(name, 'hours', input.table.hoursPerMonth * count, unitPrice);
}

export const priced = (...components: CostComponent[]): PricerResult => ({
  status: 'priced',
  components,
});

/** `need` for the resource's own region: what service pricers call. */
export const needHere = <T>(
  input: PricingInput,
  value: T | undefined,
  what: string,
): T => need(value, what, input.region);

/** A price that may be missing from a region's service prices. */
export function need<T>(value: T | undefined, what: string, region: string): T {
  if (value === undefined)
    throw new UnpricedError(
      `no price for ${what} in ${region} in the price table`,
    );
  return value;
}

/** One usage-billed dimension: quantity = figure ÷ per, × unitPrice. */
export interface UsageLine {
  figure: UsageFigureName;
  name: string;
  unit: string;
  unitPrice: number;
  /** Figure units per billed unit (1e6 for "per million requests"). */
  per?: number;
}

function usageComponents(input: PricingInput, lines: UsageLine[]) {
  const out: CostComponent[] = [];
  const missing: string[] = [];
  for (const l of lines) {
    const value = input.usage?.[l.figure];
    if (value === undefined) missing.push(l.figure);
    else out.push(component(l.name, l.unit, value / (l.per ?? 1), l.unitPrice));
  }
  return { out, missing };
}

/**
 * A resource billed only by usage: no cost without a usage figure, and
 * components for each figure given.
 */
export function usageResult(
  input: PricingInput,
  what: string,
  lines: UsageLine[],
  fixed: CostComponent[] = [],
): PricerResult {
  const { out, missing } = usageComponents(input, lines);
  if (out.length === 0 && fixed.length === 0)
    return {
      status: 'usage-priced',
      components: [],
      reason: `priced by ${what}; no usage figure given`,
    };
  if (missing.length > 0 && out.length > 0)
    input.assume(`no usage figure for ${missing.join(', ')}; not included`);
  return {
    status: 'usage-priced',
    components: [...fixed, ...out],
    reason: 'priced from the usage figures given',
  };
}

/**
 * A resource with a fixed charge plus usage-billed dimensions: priced, with
 * the usage dimensions added when their figures are given and otherwise
 * named as not included.
 */
export function fixedWithUsage(
  input: PricingInput,
  fixed: CostComponent[],
  lines: UsageLine[],
): PricerResult {
  const { out, missing } = usageComponents(input, lines);
  if (missing.length > 0)
    input.assume(`usage not included (no figure for ${missing.join(', ')})`);
  return priced(...fixed, ...out);
}

/** A string attribute, or undefined when unset or unknown until apply. */
export function optString(
  input: PricingInput,
  key: string | Array<string | number>,
): string | undefined {
  const v = optional(input, key);
  return typeof v === 'string' && v ? v : undefined;
}

/** A string attribute that decides the price: unknown until apply is unpriced. */
export function knownString(
  input: PricingInput,
  key: string | Array<string | number>,
): string | undefined {
  const v = known(input, key);
  return typeof v === 'string' && v ? v : undefined;
}

/** A number attribute that decides the price. */
export function knownNumber(
  input: PricingInput,
  key: string | Array<string | number>,
): number | undefined {
  const v = known(input, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A number attribute with a default. */
export function optNumber(
  input: PricingInput,
  key: string | Array<string | number>,
): number | undefined {
  const v = optional(input, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Pricers that only say a type is usage-billed, without a model of its
 * price. They keep the type out of "no price model" but do not count as
 * priced types (see pricedResourceTypes).
 */
export const NO_PRICE_MODEL = new WeakSet<Pricer>();

export function usageOnly(what: string): Pricer {
  const pricer: Pricer = () => ({
    status: 'usage-priced',
    components: [],
    reason: `priced by ${what}; no price model for it in this version`,
  });
  NO_PRICE_MODEL.add(pricer);
  return pricer;
}
