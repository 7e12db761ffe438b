import { DEFAULT_PRICE_TABLE } from '../prices/table';
import { ageInDays, asSnapshot, liveTable, PriceSnapshot } from './snapshot';

const snap = (fetchedAt: string, price: number, extra = {}): PriceSnapshot => ({
  provider: 'aws',
  regions: ['us-east-1'],
  fetchedAt,
  source: 'aws-price-list-api',
  overrides: { aws: { 'us-east-1': { ec2: { 't3.micro': price } } } },
  ...extra,
});

describe('liveTable', () => {
  const now = new Date('2026-12-07T12:00:00Z');

  it('merges the newest snapshot per provider and says so, with its age', () => {
    const { table, sources } = liveTable(
      DEFAULT_PRICE_TABLE,
      [snap('2026-12-01T00:00:00Z', 0.5), snap('2026-12-05T08:00:00Z', 0.02)],
      now,
    );
    expect(table.aws['us-east-1'].ec2['t3.micro']).toBe(0.02);
    expect(table.aws['us-east-1'].ec2['t3.small']).toBe(
      DEFAULT_PRICE_TABLE.aws['us-east-1'].ec2['t3.small'],
    );
    expect(table.date).toBe(DEFAULT_PRICE_TABLE.date);
    expect(sources).toEqual([
      {
        provider: 'aws',
        kind: 'live',
        date: '2026-12-05',
        ageDays: 2,
        source: 'aws-price-list-api',
        regions: ['us-east-1'],
      },
      {
        provider: 'azure',
        kind: 'shipped',
        date: '2025-06-01',
        ageDays: ageInDays('2025-06-01', now),
      },
      {
        provider: 'gcp',
        kind: 'shipped',
        date: '2025-06-01',
        ageDays: ageInDays('2025-06-01', now),
      },
    ]);
    // The shipped table itself is not changed.
    expect(DEFAULT_PRICE_TABLE.aws['us-east-1'].ec2['t3.micro']).toBe(0.0104);
  });

  it('leaves out regions the shipped table lacks, and names them', () => {
    const s = snap('2026-12-07T00:00:00Z', 0.02, {
      regions: ['us-east-1', 'ap-south-1'],
      overrides: {
        aws: {
          'us-east-1': { ec2: { 't3.micro': 0.02 } },
          'ap-south-1': { ec2: { 't3.micro': 0.0112 } },
        },
      },
    });
    const { table, sources } = liveTable(DEFAULT_PRICE_TABLE, [s], now);
    expect(table.aws['ap-south-1']).toBeUndefined();
    expect(sources[0].note).toMatch(/ap-south-1/);
  });

  it('falls back to the shipped prices when a snapshot does not fit the table', () => {
    const bad = snap('2026-12-07T00:00:00Z', -1);
    const { table, sources } = liveTable(DEFAULT_PRICE_TABLE, [bad], now);
    expect(table.aws['us-east-1'].ec2['t3.micro']).toBe(0.0104);
    expect(sources[0]).toMatchObject({ kind: 'shipped', date: '2025-06-01' });
    expect(sources[0].note).toMatch(/does not fit the price table/);
  });

  it('asSnapshot accepts only well-formed snapshots', () => {
    expect(asSnapshot(snap('2026-12-07T00:00:00Z', 1))).toBeDefined();
    expect(
      asSnapshot({
        ...snap('2026-12-07T00:00:00Z', 1),
        source: 'azure-retail-prices',
      }),
    ).toBeUndefined();
    expect(asSnapshot({ ...snap('x', 1) })).toBeUndefined();
    expect(asSnapshot('{}')).toBeUndefined();
    expect(
      asSnapshot({ ...snap('2026-12-07T00:00:00Z', 1), provider: '__proto__' }),
    ).toBeUndefined();
  });
});
