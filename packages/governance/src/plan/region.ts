import { constantOrRootVariable, readExpression } from './configIndex';
import type { JsonObject, Plan, PlanResource } from './types';

export const DEFAULT_AWS_REGION = 'us-east-1';

export interface ResolvedRegion {
  region: string;
  /** Where it came from, shown as an assumption when it is the default. */
  source: 'provider' | 'resource' | 'default';
}

/** Per plan: provider block key → its region, read once. */
const providerRegions = new WeakMap<Plan, Map<string, ResolvedRegion>>();
/** Per resource block: the region of its provider (most resources share one). */
const blockRegions = new WeakMap<object, ResolvedRegion>();

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Region of an AWS resource: its own `region` argument when the plan knows
 * it (AWS provider 6 lets every resource set one), else its provider
 * block's `region` (a constant or a root variable), else us-east-1.
 */
export function awsRegion(
  plan: Plan,
  resource: PlanResource,
  values: JsonObject | null = resource.after ?? resource.before,
): ResolvedRegion {
  const own = values?.region;
  if (typeof own === 'string' && AWS_REGION.test(own)) {
    return { region: own, source: 'resource' };
  }
  const cfg = plan.config.resourceOf(resource);
  if (cfg) {
    const known = blockRegions.get(cfg);
    if (known) return known;
  }
  const provider = plan.config.providerFor(
    resource.configModulePath,
    cfg?.providerConfigKey || 'aws',
  );
  let cache = providerRegions.get(plan);
  if (!cache) providerRegions.set(plan, (cache = new Map()));
  const key = provider?.key ?? '';
  let result = cache.get(key);
  if (!result) {
    result = { region: DEFAULT_AWS_REGION, source: 'default' };
    const expr = readExpression(provider?.expressions?.region);
    const value = expr && constantOrRootVariable(plan, expr);
    if (typeof value === 'string' && value)
      result = { region: value, source: 'provider' };
    cache.set(key, result);
  }
  if (cfg) blockRegions.set(cfg, result);
  return result;
}

/**
 * GCP region from the resource's zone (`us-central1-a`) or region, else
 * from its provider block's zone or region (resources inherit those).
 */
export function gcpRegion(
  plan: Plan,
  resource: PlanResource,
  values: JsonObject,
): string | undefined {
  const fromValue = (region: unknown, zone: unknown) => {
    if (typeof region === 'string' && region) return region;
    if (typeof zone === 'string' && zone) return zone.replace(/-[a-z]$/, '');
    return undefined;
  };
  const own = fromValue(values.region, values.zone);
  if (own) return own;
  const cfg = plan.config.resourceOf(resource);
  const provider = plan.config.providerFor(
    resource.configModulePath,
    cfg?.providerConfigKey || resource.provider,
  );
  const read = (name: string) => {
    const expr = readExpression(provider?.expressions?.[name]);
    return expr && constantOrRootVariable(plan, expr);
  };
  return fromValue(read('region'), read('zone'));
}

/** Azure location normalised the way the price table keys it (`East US` → `eastus`). */
export function azureRegion(values: JsonObject): string | undefined {
  return typeof values.location === 'string'
    ? values.location.toLowerCase().replace(/\s+/g, '')
    : undefined;
}
