import type { JsonObject, Plan, PlanResource } from '../plan/types';
import { checkUsage, mergePrices } from './mergePrices';
import { isFreeResourceType } from './freeResources';
import { DEFAULT_PRICE_TABLE } from './prices/table';
import type { PriceTable } from './prices/types';
import { AWS_PRICERS } from './pricers/aws';
import { AZURE_PRICERS } from './pricers/azure';
import { Pricer, PricerResult, UnpricedError } from './pricers/common';
import { GCP_PRICERS } from './pricers/gcp';
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

/** Resource types the estimator prices (fixed or usage-based). */
export const PRICED_RESOURCE_TYPES: readonly string[] =
  Object.keys(PRICERS).sort();

const round = (n: number) => Math.round(n * 10000) / 10000;
const sum = (components: CostComponent[]) =>
  round(components.reduce((t, c) => t + c.monthly, 0));

function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
}

class UsageLookup {
  private readonly entries: Array<{
    key: string;
    re: RegExp;
    figures: UsageFigures;
  }>;

  constructor(usage: Record<string, UsageFigures> | undefined) {
    this.entries = Object.entries(usage ?? {})
      .map(([key, figures]) => ({ key, re: globToRegExp(key), figures }))
      .sort((a, b) => b.key.length - a.key.length);
  }

  get(address: string, type: string): UsageFigures | undefined {
    return this.entries.find(
      e => e.key === address || e.key === type || e.re.test(address),
    )?.figures;
  }
}

interface SideResult {
  result?: PricerResult;
  error?: string;
  assumptions: string[];
  region?: string;
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
  const usage = new UsageLookup(checkUsage(options.usage));
  const managedVolumeIds = new Set<string>();
  for (const v of plan.byType.get('aws_ebs_volume') ?? []) {
    for (const side of [v.before, v.after])
      if (typeof side?.id === 'string') managedVolumeIds.add(side.id);
  }

  const regionOf = (
    r: PlanResource,
    values: JsonObject,
  ): { region?: string; note?: string } => {
    if (r.provider === 'aws') {
      const resolved = awsRegion(plan, r, values);
      return {
        region: resolved.region,
        note:
          resolved.source === 'default'
            ? `region not set in the provider configuration; ${resolved.region} assumed`
            : undefined,
      };
    }
    if (r.provider === 'google' || r.provider === 'google-beta')
      return { region: gcpRegion(plan, r, values) };
    if (r.provider === 'azurerm') return { region: azureRegion(values) };
    return {};
  };

  const priceSide = (
    r: PlanResource,
    pricer: Pricer,
    side: 'before' | 'after',
  ): SideResult => {
    const values = side === 'before' ? r.before : r.after;
    const assumptions: string[] = [];
    if (!values) return { assumptions, error: `no ${side} values in the plan` };
    const { region, note } = regionOf(r, values);
    if (note) assumptions.push(note);
    if (!region)
      return {
        assumptions,
        error: 'no region or location could be determined',
      };
    try {
      const result = pricer({
        resource: r,
        values,
        side,
        table,
        plan,
        usage: usage.get(r.address, r.type),
        managedVolumeIds,
        region,
        assume: n => assumptions.push(n),
      });
      return { result, assumptions, region };
    } catch (e) {
      if (e instanceof UnpricedError)
        return { assumptions, error: e.message, region };
      throw e;
    }
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

  for (const r of plan.resources) {
    if (r.mode !== 'managed') continue;
    coverage.total++;
    const base = {
      address: r.address,
      resourceType: r.type,
      action: r.action,
      assumptions: [] as string[],
    };
    const pricer = PRICERS[r.type];
    if (!pricer) {
      if (isFreeResourceType(r.type)) {
        coverage.free++;
        resources.push({
          ...base,
          status: 'free',
          monthly: 0,
          monthlyBefore: 0,
          monthlyAfter: 0,
          delta: 0,
          components: [],
        });
      } else {
        const reason = `no price model for ${r.type}`;
        coverage.unpriced++;
        unpriced.push({
          address: r.address,
          resourceType: r.type,
          status: 'unpriced',
          reason,
        });
        resources.push({
          ...base,
          status: 'unpriced',
          reason,
          monthly: 0,
          monthlyBefore: 0,
          monthlyAfter: 0,
          delta: 0,
          components: [],
        });
      }
      continue;
    }
    const before =
      r.action !== 'create' && r.before
        ? priceSide(r, pricer, 'before')
        : undefined;
    const after =
      r.action !== 'delete' && r.after
        ? priceSide(r, pricer, 'after')
        : undefined;
    const error = after?.error ?? before?.error;
    const assumptions = [
      ...new Set([
        ...(after?.assumptions ?? []),
        ...(before?.assumptions ?? []),
      ]),
    ];
    const region = after?.region ?? before?.region;
    if (error) {
      // Half a price would skew the delta; the resource stays out of both totals.
      coverage.unpriced++;
      unpriced.push({
        address: r.address,
        resourceType: r.type,
        status: 'unpriced',
        reason: error,
      });
      resources.push({
        ...base,
        region,
        assumptions,
        status: 'unpriced',
        reason: error,
        monthly: 0,
        monthlyBefore: 0,
        monthlyAfter: 0,
        delta: 0,
        components: [],
      });
      continue;
    }
    const afterComponents = after?.result?.components ?? [];
    const beforeComponents = before?.result?.components ?? [];
    const monthlyBefore = sum(beforeComponents);
    const monthlyAfter = sum(afterComponents);
    const status = (after ?? before)?.result?.status ?? 'priced';
    const reason = usageReason(after ?? before);
    if (status === 'usage-priced') {
      coverage.usagePriced++;
      unpriced.push({
        address: r.address,
        resourceType: r.type,
        status: 'usage-priced',
        reason: reason ?? 'usage-priced',
      });
    } else {
      coverage.priced++;
    }
    const sameShape = sameComponents(beforeComponents, afterComponents);
    resources.push({
      ...base,
      region,
      assumptions,
      status,
      reason,
      monthly: monthlyAfter,
      monthlyBefore,
      monthlyAfter,
      delta: round(monthlyAfter - monthlyBefore),
      components: r.action === 'delete' ? beforeComponents : afterComponents,
      ...(r.action !== 'delete' && before && !sameShape
        ? { beforeComponents }
        : {}),
    });
  }

  const monthlyBefore = round(
    resources.reduce((t, l) => t + l.monthlyBefore, 0),
  );
  const monthlyAfter = round(resources.reduce((t, l) => t + l.monthlyAfter, 0));
  return {
    currency: 'USD',
    priceTableDate: table.date,
    hoursPerMonth: table.hoursPerMonth,
    monthlyBefore,
    monthlyAfter,
    delta: round(monthlyAfter - monthlyBefore),
    resources,
    unpriced,
    coverage,
  };
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
