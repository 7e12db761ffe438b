import type { Plan } from '../../plan/types';
import type { PriceTable } from '../prices/types';
import { awsRegion, azureRegion, gcpRegion } from '../region';
import type { AwsPriceNeeds } from './aws';
import type { AzurePriceNeeds } from './azure';
import type { GcpPriceNeeds } from './gcp';

/** What to fetch from each provider's price API; a provider left out is not asked. */
export interface PriceNeeds {
  aws?: AwsPriceNeeds;
  azure?: AzurePriceNeeds;
  gcp?: GcpPriceNeeds;
}

const addString = (set: Set<string>, v: unknown) => {
  if (typeof v === 'string' && v) set.add(v);
};

/** Every disk tier any shipped Azure region lists: the tiers a disk can land in. */
function azureDiskTiers(table: PriceTable): string[] {
  const tiers = new Set<string>();
  for (const r of Object.values(table.azure))
    for (const t of Object.keys(r.diskTiers)) tiers.add(t);
  return [...tiers].sort();
}

/**
 * The regions and instance, class and machine types a plan's resources
 * use, so a live fetch asks only for those. One pass over the plan.
 */
export function priceNeedsOfPlan(plan: Plan, table: PriceTable): PriceNeeds {
  const aws = {
    regions: new Set<string>(),
    ec2: new Set<string>(),
    rds: new Set<string>(),
  };
  const azure = { regions: new Set<string>(), vms: new Set<string>() };
  const gcp = { regions: new Set<string>(), machines: new Set<string>() };
  for (const r of plan.resources) {
    if (r.mode !== 'managed') continue;
    const values = r.after ?? r.before;
    if (!values) continue;
    if (r.provider === 'aws') {
      aws.regions.add(awsRegion(plan, r, values).region);
      addString(aws.ec2, values.instance_type);
      if (Array.isArray(values.instance_types))
        for (const t of values.instance_types) addString(aws.ec2, t);
      const cls = values.instance_class;
      if (typeof cls === 'string' && cls.startsWith('db.')) aws.rds.add(cls);
    } else if (r.provider === 'azurerm') {
      const region = azureRegion(values);
      if (region) azure.regions.add(region);
      addString(azure.vms, values.size);
      addString(azure.vms, values.vm_size);
    } else if (r.provider === 'google' || r.provider === 'google-beta') {
      const region = gcpRegion(plan, r, values);
      if (region) gcp.regions.add(region);
      addString(gcp.machines, values.machine_type);
    }
  }
  const needs: PriceNeeds = {};
  if (aws.regions.size > 0)
    needs.aws = {
      regions: [...aws.regions].sort(),
      ec2InstanceTypes: [...aws.ec2].sort(),
      rdsInstanceClasses: [...aws.rds].sort(),
    };
  if (azure.regions.size > 0)
    needs.azure = {
      regions: [...azure.regions].sort(),
      vmSizes: [...azure.vms].sort(),
      diskTiers: azureDiskTiers(table),
    };
  if (gcp.regions.size > 0)
    needs.gcp = {
      regions: [...gcp.regions].sort(),
      machineTypes: [...gcp.machines].sort(),
    };
  return needs;
}

/**
 * For a scheduled refresh: in the configured regions, every type the
 * shipped table prices anywhere (the types a plan is likely to use).
 */
export function priceNeedsOfTable(
  table: PriceTable,
  regions: { aws?: string[]; azure?: string[]; gcp?: string[] },
): PriceNeeds {
  const keys = (tables: Array<Record<string, unknown>>) =>
    [...new Set(tables.flatMap(t => Object.keys(t)))].sort();
  const needs: PriceNeeds = {};
  if (regions.aws?.length) {
    const regionsAws = Object.values(table.aws);
    needs.aws = {
      regions: [...regions.aws],
      ec2InstanceTypes: keys(regionsAws.map(r => r.ec2)),
      rdsInstanceClasses: keys(
        regionsAws.flatMap(r => Object.values(r.rds.instances)),
      ),
    };
  }
  if (regions.azure?.length)
    needs.azure = {
      regions: [...regions.azure],
      vmSizes: keys(Object.values(table.azure).map(r => r.vms)),
      diskTiers: azureDiskTiers(table),
    };
  if (regions.gcp?.length)
    needs.gcp = {
      regions: [...regions.gcp],
      machineTypes: keys(Object.values(table.gcp).map(r => r.machines)),
    };
  return needs;
}
