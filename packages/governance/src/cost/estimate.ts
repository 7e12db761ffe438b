import type { JsonObject, Plan, PlanResource } from '../plan/types';
import { checkUsage, mergePrices } from './mergePrices';
import { isFreeResourceType } from './freeResources';
import { DEFAULT_PRICE_TABLE } from './prices/table';
import type { PriceTable } from './prices/types';
import { AWS_PRICERS } from './pricers/aws';
import { AZURE_PRICERS } from './pricers/azure';
import {
  NO_PRICE_MODEL,
  Pricer,
  PricerResult,
  PricingInput,
  UnpricedError,
} from './pricers/common';
import { GCP_PRICERS } from './pricers/gcp';
import {
  PRICE_PROVIDERS,
  PriceProvider,
  PriceSourceInfo,
  shippedSource,
} from './live/snapshot';
import { awsRegion, azureRegion, gcpRegion } from './region';
import type {
  CostComponent,
  CostLineItem,
  Estimate,
  EstimateOptions,
  UnpricedResource,
  UsageFigures,
} from './types';

const PRICERS: Readonly<Record<string, Pricer>> = {
  ...AWS_PRICERS,
  ...GCP_PRICERS,
  ...AZURE_PRICERS,
};

/** Terraform provider names → the price table's clouds. */
const PRICE_PROVIDER_OF: ReadonlyMap<string, PriceProvider> = new Map([
  ['aws', 'aws'],
  ['azurerm', 'azure'],
  ['google', 'gcp'],
  ['google-beta', 'gcp'],
]);

/**
 * Resource types with a price model (fixed charges, or usage figures the
 * model prices), sorted. Types only known to be usage-billed, without a
 * model, are left out.
 */
export function pricedResourceTypes(): string[] {
  return Object.keys(PRICERS)
    .filter(type => !NO_PRICE_MODEL.has(PRICERS[type]))
    .sort();
}

/** Resource types the estimator prices (fixed or usage-based). */
export const PRICED_RESOURCE_TYPES: readonly string[] = pricedResourceTypes();

const round = (n: number) => Math.round(n * 10000) / 10000;
function sum(components: CostComponent[]): number {
  let total = 0;
  for (let i = 0; i < components.length; i++) total += components[i].monthly;
  return round(total);
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
}

/**
 * Usage figures by address, type or pattern; the longest matching key wins.
 * Exact keys are a map lookup, so a large usage file does not cost a
 * pattern test per resource for each of its entries.
 */
export class UsageLookup {
  private readonly exact = new Map<string, UsageFigures>();
  private readonly patterns: Array<{
    key: string;
    re: RegExp;
    figures: UsageFigures;
  }> = [];

  constructor(usage: Record<string, UsageFigures> | undefined) {
    for (const [key, figures] of Object.entries(usage ?? {})) {
      if (key.includes('*'))
        this.patterns.push({ key, re: globToRegExp(key), figures });
      else this.exact.set(key, figures);
    }
    this.patterns.sort((a, b) => b.key.length - a.key.length);
  }

  get(address: string, type: string): UsageFigures | undefined {
    if (this.exact.size === 0 && this.patterns.length === 0) return undefined;
    let best: { length: number; figures: UsageFigures } | undefined;
    for (const key of [address, type]) {
      const figures = this.exact.get(key);
      if (figures && (!best || key.length > best.length))
        best = { length: key.length, figures };
    }
    for (const p of this.patterns) {
      if (best && p.key.length <= best.length) break;
      if (p.re.test(address)) return p.figures;
    }
    return best?.figures;
  }
}

/**
 * One side (before or after) of one resource being priced: what the pricer
 * reads, and then what it answered. One object per side, since an
 * estimate prices thousands of them; a plain object with a shared `assume`,
 * so that its hidden class, and V8's optimised code for the pricers that
 * read it, outlive the estimate (see RelationState in relations.ts).
 */
interface SideResult extends PricingInput {
  readonly assumptions: string[];
  result: PricerResult | undefined;
  error: string | undefined;
}

function assume(this: SideResult, note: string): void {
  this.assumptions.push(note);
}

/**
 * Estimates the monthly cost of the plan's prior state (before) and of
 * the state after apply, resource by resource, from a dated price table.
 */
export function estimateCost(
  plan: Plan,
  options: EstimateOptions = {},
): Estimate {
  const table: PriceTable = mergePrices(DEFAULT_PRICE_TABLE, options.prices);
  const pricedAt = options.now ?? new Date();
  const usage = new UsageLookup(checkUsage(options.usage));
  const managedVolumeIds = new Set<string>();
  for (const v of plan.byType.get('aws_ebs_volume') ?? []) {
    for (const side of [v.before, v.after])
      if (typeof side?.id === 'string') managedVolumeIds.add(side.id);
  }

  /** The one location of the plan's located Azure resources, computed once. */
  let azureLocation: string | null | undefined;
  const planAzureLocation = (): string | undefined => {
    if (azureLocation === undefined) {
      const seen = new Set<string>();
      for (const res of plan.resources) {
        if (res.provider !== 'azurerm') continue;
        const loc = azureRegion(res.after ?? res.before ?? {});
        if (loc) seen.add(loc);
      }
      azureLocation = seen.size === 1 ? [...seen][0] : null;
    }
    return azureLocation ?? undefined;
  };

  const defaultNotes = new Map<string, string>();
  /** The region to price in; an assumption is noted when it is the default. */
  const regionOf = (
    r: PlanResource,
    values: JsonObject,
    assumptions: string[],
  ): string | undefined => {
    if (r.provider === 'aws') {
      const resolved = awsRegion(plan, r, values);
      if (resolved.source === 'default') {
        let note = defaultNotes.get(resolved.region);
        if (!note) {
          note = `region not set in the provider configuration; ${resolved.region} assumed`;
          defaultNotes.set(resolved.region, note);
        }
        assumptions.push(note);
      }
      return resolved.region;
    }
    if (r.provider === 'google' || r.provider === 'google-beta')
      return gcpRegion(plan, r, values);
    if (r.provider === 'azurerm') {
      const own = azureRegion(values);
      if (own) return own;
      // Child resources (node pools, databases, Cosmos DB containers) have no
      // location of their own: they live where their parent does.
      const shared = planAzureLocation();
      if (shared)
        assumptions.push(
          `no location of its own; ${shared} assumed (every located Azure resource of the plan is there)`,
        );
      return shared;
    }
    return undefined;
  };

  const priceSide = (
    r: PlanResource,
    pricer: Pricer,
    side: 'before' | 'after',
  ): SideResult => {
    const values = side === 'before' ? r.before : r.after;
    const input: SideResult = {
      resource: r,
      values: values ?? {},
      side,
      table,
      plan,
      managedVolumeIds,
      pricedAt,
      region: '',
      usage: undefined,
      assumptions: [],
      result: undefined,
      error: undefined,
      assume,
    };
    if (!values) {
      input.error = `no ${side} values in the plan`;
      return input;
    }
    const region = regionOf(r, values, input.assumptions);
    if (!region) {
      input.error = 'no region or location could be determined';
      return input;
    }
    input.region = region;
    input.usage = usage.get(r.address, r.type);
    try {
      input.result = pricer(input);
    } catch (e) {
      if (!(e instanceof UnpricedError)) throw e;
      input.error = e.message;
    }
    return input;
  };

  const resources: CostLineItem[] = [];
  const unpriced: UnpricedResource[] = [];
  const coverage = {
    total: 0,
    priced: 0,
    free: 0,
    usagePriced: 0,
    unpriced: 0,
  };

  /** Unchanged resources have the same values on both sides: priced once. */
  const priceBefore = (
    r: PlanResource,
    pricer: Pricer,
    after: SideResult | undefined,
  ): SideResult | undefined => {
    if (r.action === 'create' || !r.before) return undefined;
    if (r.action === 'no-op' && after) return after;
    return priceSide(r, pricer, 'before');
  };

  /** One line item, always of the same shape. */
  const line = (
    r: PlanResource,
    status: CostLineItem['status'],
    region?: string,
    reason?: string,
    assumptions: string[] = [],
    monthlyBefore = 0,
    monthlyAfter = 0,
    components: CostComponent[] = [],
    beforeComponents?: CostComponent[],
  ): CostLineItem => {
    const item: CostLineItem = {
      address: r.address,
      resourceType: r.type,
      action: r.action,
      assumptions,
      region,
      status,
      reason,
      monthly: monthlyAfter,
      monthlyBefore,
      monthlyAfter,
      delta: round(monthlyAfter - monthlyBefore),
      components,
    };
    if (beforeComponents) item.beforeComponents = beforeComponents;
    return item;
  };
  const notInTotals = (
    r: PlanResource,
    status: UnpricedResource['status'],
    reason: string,
  ) =>
    unpriced.push({ address: r.address, resourceType: r.type, status, reason });

  const providersUsed = new Set<PriceProvider>();
  const all = plan.resources;
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    if (r.mode !== 'managed') continue;
    coverage.total++;
    const cloud = PRICE_PROVIDER_OF.get(r.provider);
    if (cloud) providersUsed.add(cloud);
    const pricer = PRICERS[r.type];
    if (!pricer) {
      if (isFreeResourceType(r.type)) {
        coverage.free++;
        resources.push(line(r, 'free'));
      } else {
        const reason = `no price model for ${r.type}`;
        coverage.unpriced++;
        notInTotals(r, 'unpriced', reason);
        resources.push(line(r, 'unpriced', undefined, reason));
      }
      continue;
    }
    const after =
      r.action !== 'delete' && r.after
        ? priceSide(r, pricer, 'after')
        : undefined;
    const before = priceBefore(r, pricer, after);
    const error = after?.error ?? before?.error;
    const assumptions =
      !before || before === after || before.assumptions.length === 0
        ? after?.assumptions ?? before?.assumptions ?? []
        : [...new Set([...(after?.assumptions ?? []), ...before.assumptions])];
    const region = after?.region || before?.region || undefined;
    if (error) {
      // Half a price would skew the delta; the resource stays out of both totals.
      coverage.unpriced++;
      notInTotals(r, 'unpriced', error);
      resources.push(line(r, 'unpriced', region, error, assumptions));
      continue;
    }
    const afterComponents = after?.result?.components ?? [];
    const beforeComponents = before?.result?.components ?? [];
    const status = (after ?? before)?.result?.status ?? 'priced';
    const reason = usageReason(after ?? before);
    if (status === 'usage-priced') {
      coverage.usagePriced++;
      notInTotals(r, 'usage-priced', reason ?? 'usage-priced');
    } else {
      coverage.priced++;
    }
    resources.push(
      line(
        r,
        status,
        region,
        reason,
        assumptions,
        sum(beforeComponents),
        sum(afterComponents),
        r.action === 'delete' ? beforeComponents : afterComponents,
        r.action !== 'delete' &&
          before &&
          before !== after &&
          !sameComponents(beforeComponents, afterComponents)
          ? beforeComponents
          : undefined,
      ),
    );
  }

  const monthlyBefore = round(
    resources.reduce((t, l) => t + l.monthlyBefore, 0),
  );
  const monthlyAfter = round(resources.reduce((t, l) => t + l.monthlyAfter, 0));
  return {
    currency: 'USD',
    priceTableDate: table.date,
    prices: {
      sources: priceSourcesOf(
        providersUsed,
        table,
        options.priceSources,
        options.now,
      ),
    },
    hoursPerMonth: table.hoursPerMonth,
    monthlyBefore,
    monthlyAfter,
    delta: round(monthlyAfter - monthlyBefore),
    resources,
    unpriced,
    coverage,
  };
}

/** One source per provider the plan uses, in a fixed order. */
function priceSourcesOf(
  used: ReadonlySet<PriceProvider>,
  table: PriceTable,
  given: PriceSourceInfo[] | undefined,
  now: Date = new Date(),
): PriceSourceInfo[] {
  return PRICE_PROVIDERS.filter(p => used.has(p)).map(
    p => given?.find(s => s.provider === p) ?? shippedSource(table, p, now),
  );
}

function sameComponents(a: CostComponent[], b: CostComponent[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (c, i) =>
        c.name === b[i].name &&
        c.quantity === b[i].quantity &&
        c.unitPrice === b[i].unitPrice,
    )
  );
}

function usageReason(side: SideResult | undefined): string | undefined {
  const result = side?.result;
  return result?.status === 'usage-priced' ? result.reason : undefined;
}
