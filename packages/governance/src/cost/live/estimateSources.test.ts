import { planOf } from '../../__testUtils__/plans';
import { estimateCost } from '../estimate';
import { DEFAULT_PRICE_TABLE } from '../prices/table';
import { priceNeedsOfPlan, priceNeedsOfTable } from './needs';
import { liveTable } from './snapshot';

const plan = planOf(
  [
    {
      type: 'aws_instance',
      name: 'web',
      after: { instance_type: 't3.micro', region: 'eu-west-1' },
    },
    {
      type: 'aws_db_instance',
      name: 'db',
      after: {
        instance_class: 'db.t3.small',
        engine: 'postgres',
        allocated_storage: 20,
      },
    },
    {
      type: 'azurerm_linux_virtual_machine',
      name: 'vm',
      after: { size: 'Standard_B2s', location: 'East US' },
    },
  ],
  { aws: { region: { constant_value: 'us-east-1' } }, azurerm: {} },
);

describe('the estimate names its price sources', () => {
  const now = new Date('2026-12-07T12:00:00Z');

  it('reports live prices with their date and age, for the providers in the plan only', () => {
    const { table, sources } = liveTable(
      DEFAULT_PRICE_TABLE,
      [
        {
          provider: 'aws',
          regions: ['eu-west-1'],
          fetchedAt: '2026-12-06T09:00:00.000Z',
          source: 'aws-price-list-api',
          overrides: { aws: { 'eu-west-1': { ec2: { 't3.micro': 0.5 } } } },
        },
      ],
      now,
    );
    const e = estimateCost(plan, { prices: table, priceSources: sources, now });
    expect(
      e.resources.find(r => r.address === 'aws_instance.web')?.components[0]
        .unitPrice,
    ).toBe(0.5);
    expect(e.priceTableDate).toBe('2025-06-01');
    expect(
      e.prices.sources.map(s => [s.provider, s.kind, s.date, s.ageDays]),
    ).toEqual([
      ['aws', 'live', '2026-12-06', 1],
      ['azure', 'shipped', '2025-06-01', 554],
    ]);
  });

  it('says shipped, with the table age, when no live prices are given', () => {
    const e = estimateCost(plan, { now });
    expect(e.prices.sources).toEqual([
      { provider: 'aws', kind: 'shipped', date: '2025-06-01', ageDays: 554 },
      { provider: 'azure', kind: 'shipped', date: '2025-06-01', ageDays: 554 },
    ]);
  });

  it('asks the price APIs only for what the plan uses', () => {
    const needs = priceNeedsOfPlan(plan, DEFAULT_PRICE_TABLE);
    expect(needs.aws).toEqual({
      regions: ['eu-west-1', 'us-east-1'],
      ec2InstanceTypes: ['t3.micro'],
      rdsInstanceClasses: ['db.t3.small'],
    });
    expect(needs.azure).toMatchObject({
      regions: ['eastus'],
      vmSizes: ['Standard_B2s'],
    });
    expect(needs.gcp).toBeUndefined();
  });

  it('a scheduled refresh asks for every type the shipped table prices, in the configured regions', () => {
    const needs = priceNeedsOfTable(DEFAULT_PRICE_TABLE, {
      aws: ['us-east-1'],
      gcp: ['us-central1'],
    });
    expect(needs.aws?.ec2InstanceTypes).toContain('m5.large');
    expect(needs.aws?.rdsInstanceClasses).toContain('db.r6g.large');
    expect(needs.gcp?.machineTypes).toContain('e2-micro');
    expect(needs.azure).toBeUndefined();
  });
});
