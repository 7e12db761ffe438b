import type { ResourceAction } from '../plan/types';
import type { PriceSourceInfo } from './live/snapshot';
import type { PriceOverrides, PriceTable } from './prices/types';
import type { UsageFigureName } from './usage/figures';

/** One priced dimension: quantity × unit price = monthly, shown so users can check it. */
export interface CostComponent {
  name: string;
  /** Unit of the quantity: `hours`, `GB-months`, `IOPS-months`, ... */
  unit: string;
  quantity: number;
  /** USD per unit. */
  unitPrice: number;
  /** USD per month: quantity × unitPrice. */
  monthly: number;
}

/**
 * - `priced`: every fixed cost of the resource is in `components`.
 * - `usage-priced`: the cost depends on usage; 0 unless a usage figure was given.
 * - `free`: the resource itself costs nothing.
 * - `unpriced`: a cost exists but could not be computed (see `reason`).
 */
export type CostStatus = 'priced' | 'usage-priced' | 'free' | 'unpriced';

export interface CostLineItem {
  address: string;
  resourceType: string;
  action: ResourceAction;
  region?: string;
  status: CostStatus;
  /** Monthly cost after the plan is applied (same as monthlyAfter). */
  monthly: number;
  monthlyBefore: number;
  monthlyAfter: number;
  delta: number;
  /** Dimensions of the after state (of the before state for deletes). */
  components: CostComponent[];
  /** Dimensions of the prior state, when it differs from `components`. */
  beforeComponents?: CostComponent[];
  /** Defaults the estimator had to assume (e.g. root volume size). */
  assumptions: string[];
  reason?: string;
}

export interface UnpricedResource {
  address: string;
  resourceType: string;
  status: Exclude<CostStatus, 'priced' | 'free'>;
  reason: string;
}

export interface Estimate {
  currency: 'USD';
  /** The shipped table's date (kept for compatibility; see `prices`). */
  priceTableDate: string;
  /**
   * Where each provider's prices came from (live API or shipped table),
   * their date and age: one entry per provider the plan uses.
   */
  prices: { sources: PriceSourceInfo[] };
  hoursPerMonth: number;
  monthlyBefore: number;
  monthlyAfter: number;
  delta: number;
  /** One line per managed resource of the plan. */
  resources: CostLineItem[];
  /** Resources whose cost is not (fully) in the totals, and why. */
  unpriced: UnpricedResource[];
  coverage: {
    total: number;
    priced: number;
    free: number;
    usagePriced: number;
    unpriced: number;
  };
}

/**
 * Usage figures for usage-priced resources: one number per figure named in
 * usage/figures.ts (e.g. `monthlyRequests` for aws_lambda_function,
 * `storageGb` for aws_s3_bucket, `monthlyDataProcessedGb` for
 * aws_nat_gateway); docs/pricing.md lists which figures each type reads.
 */
export type UsageFigures = Partial<Record<UsageFigureName, number>>;

export interface EstimateOptions {
  /** Partial price table merged over the shipped one. */
  prices?: PriceOverrides;
  /**
   * Usage per resource: keys are addresses or patterns (`*` matches
   * anything, e.g. `module.api.aws_lambda_function.*`); the most specific
   * (longest) matching key wins.
   */
  usage?: Record<string, UsageFigures>;
  /**
   * Where the prices came from, per provider (`liveTable`'s `sources`);
   * providers not listed are reported as shipped.
   */
  priceSources?: PriceSourceInfo[];
  /**
   * The day of the estimate: price ages are counted to it, and charges that
   * depend on the date (RDS Extended Support's tiers) are priced for it.
   * Default now.
   */
  now?: Date;
}

export type { PriceTable };
