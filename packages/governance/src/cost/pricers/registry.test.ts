import { readFileSync } from 'fs';
import { join } from 'path';
import { planOf, ResourceSpec } from '../../__testUtils__/plans';
import { estimateCost, pricedResourceTypes } from '../estimate';
import { isFreeResourceType } from '../freeResources';
import { AWS_PRICERS } from './aws';
import { AZURE_PRICERS } from './azure';
import { NO_PRICE_MODEL, usageOnly } from './common';
import { GCP_PRICERS } from './gcp';

describe('priced resource types', () => {
  const types = pricedResourceTypes();

  it('has a price model for at least 120 types across AWS, GCP and Azure', () => {
    const modelled = (registry: Record<string, unknown>) =>
      Object.entries(registry).filter(
        ([, p]) => !NO_PRICE_MODEL.has(p as never),
      ).length;
    const aws = modelled(AWS_PRICERS);
    const gcp = modelled(GCP_PRICERS);
    const azure = modelled(AZURE_PRICERS);
    expect(aws + gcp + azure).toBeGreaterThanOrEqual(120);
    expect(types).toHaveLength(aws + gcp + azure);
    expect(aws).toBeGreaterThanOrEqual(60);
    expect(gcp).toBeGreaterThanOrEqual(25);
    expect(azure).toBeGreaterThanOrEqual(30);
  });

  it('lists them sorted, without free types', () => {
    expect([...types].sort()).toEqual(types);
    expect(types.filter(isFreeResourceType)).toEqual([]);
    expect(types).toContain('aws_ecs_service');
    expect(types).toContain('google_container_node_pool');
    expect(types).toContain('azurerm_kubernetes_cluster');
  });

  it('does not count a usage-billed type without a model', () => {
    const pricer = usageOnly('requests');
    expect(NO_PRICE_MODEL.has(pricer)).toBe(true);
    expect(types.some(t => NO_PRICE_MODEL.has(AWS_PRICERS[t]))).toBe(false);
  });

  it('prices every listed type or says why not, never throwing', () => {
    // Each type with empty values: a price, a usage-priced line, or a reason.
    const plan = planOf(
      types.map(
        (type): ResourceSpec => ({
          type,
          name: 'x',
          after: type.startsWith('azurerm_') ? { location: 'eastus' } : {},
        }),
      ),
      {
        aws: { region: { constant_value: 'us-east-1' } },
        google: { region: { constant_value: 'us-central1' } },
        azurerm: {},
      },
    );
    const e = estimateCost(plan);
    expect(e.resources).toHaveLength(types.length);
    expect(
      e.resources.filter(
        l =>
          (l.status === 'unpriced' && !l.reason) || !Number.isFinite(l.monthly),
      ),
    ).toEqual([]);
  });

  it('are the types docs/pricing.md lists', () => {
    const doc = readFileSync(
      join(__dirname, '../../../docs/pricing.md'),
      'utf8',
    );
    const listed = [...doc.matchAll(/^\| `([a-z0-9_]+)` +\|/gm)].map(m => m[1]);
    expect([...listed].sort()).toEqual(types);
  });
});
