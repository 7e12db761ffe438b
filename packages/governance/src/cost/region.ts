import { constantOrRootVariable, readExpression } from '../plan/configIndex';
import type { Plan, PlanResource } from '../plan/types';

export const DEFAULT_AWS_REGION = 'us-east-1';

export interface ResolvedRegion {
  region: string;
  /** Where it came from, shown as an assumption when it is the default. */
  source: 'provider' | 'resource' | 'default';
}

/**
 * Region of an AWS resource: its provider block's `region` (constant or a
 * root variable), else us-east-1. Cached per provider block.
 */
export function awsRegion(
  plan: Plan,
  resource: PlanResource,
  cache: Map<string, ResolvedRegion>,
): ResolvedRegion {
  const cfg = plan.config.resource(
    resource.configModulePath,
    resource.configAddress,
  );
  const provider = plan.config.providerFor(
    resource.configModulePath,
    cfg?.providerConfigKey || 'aws',
  );
  const key = provider?.key ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  let result: ResolvedRegion = {
    region: DEFAULT_AWS_REGION,
    source: 'default',
  };
  const expr = readExpression(provider?.expressions?.region);
  const value = expr && constantOrRootVariable(plan, expr);
  if (typeof value === 'string' && value)
    result = { region: value, source: 'provider' };
  cache.set(key, result);
  return result;
}

/** GCP region from a zone (`us-central1-a`) or region attribute. */
export function gcpRegion(values: Record<string, unknown>): string | undefined {
  if (typeof values.region === 'string' && values.region) return values.region;
  if (typeof values.zone === 'string' && values.zone)
    return values.zone.replace(/-[a-z]$/, '');
  return undefined;
}

/** Azure location normalised the way the price table keys it (`East US` → `eastus`). */
export function azureRegion(
  values: Record<string, unknown>,
): string | undefined {
  return typeof values.location === 'string'
    ? values.location.toLowerCase().replace(/\s+/g, '')
    : undefined;
}
