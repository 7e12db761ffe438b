import { DEFAULT_PRICE_TABLE } from '../../../cost/prices/table';
import type { AwsRegionPrices } from '../../../cost/prices/types';
import { awsRegion } from '../../../plan/region';
import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome, Saving } from '../../types';

/** Prices of the resource's region, from the estimate's table. */
export function regionPrices(
  ctx: RuleContext,
  resource: PlanResource,
): { region: string; prices: AwsRegionPrices | undefined; hours: number } {
  const table = ctx.prices ?? DEFAULT_PRICE_TABLE;
  const { region } = awsRegion(ctx.plan, resource);
  return { region, prices: table.aws[region], hours: table.hoursPerMonth };
}

/** Whole cents: the figures are estimates, not invoices. */
export const cents = (n: number) => Math.round(n * 100) / 100;

export const money = (n: number) => `$${cents(n).toFixed(2)}`;

export function saving(monthly: number, basis: string): Saving {
  return { monthly: cents(monthly), currency: 'USD', basis };
}

/** A warning that carries its saving when one could be priced. */
export function warnSaving(message: string, s?: Saving): RuleOutcome {
  return s
    ? { verdict: 'warn', message, saving: s }
    : { verdict: 'warn', message };
}
