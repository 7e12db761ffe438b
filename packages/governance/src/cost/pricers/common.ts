import type {
  JsonObject,
  JsonValue,
  Plan,
  PlanResource,
} from '../../plan/types';
import { getPath, maskCovers } from '../../plan/values';
import type { PriceTable } from '../prices/types';
import type { CostComponent, UsageFigures } from '../types';

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

/** Looks a price up, failing with a reason that names what is missing. */
export function price<T>(
  table: Record<string, T> | undefined,
  key: string,
  what: string,
  region: string,
): T {
  const p = table?.[key];
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
