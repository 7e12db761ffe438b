import { DEFAULT_PRICE_TABLE } from '../prices/table';
import { GcpPriceClient, moneyToNumber } from './gcp';
import { PriceFetchError } from './http';
import { liveTable } from './snapshot';
import { CloudBillingStandIn, sku } from './__testUtils__/cloudBillingStandIn';

const KEY = 'AIzaStandInKey-0123456789abcdef';

const SKUS = [
  sku({
    description: 'E2 Instance Core running in Americas',
    resourceGroup: 'CPU',
    regions: ['us-central1', 'us-east1'],
    usd: 0.022,
    usageUnit: 'h',
  }),
  sku({
    description: 'E2 Instance Ram running in Americas',
    resourceGroup: 'RAM',
    regions: ['us-central1', 'us-east1'],
    usd: 0.003,
    usageUnit: 'GiBy.h',
  }),
  sku({
    description: 'N2 Instance Core running in Americas',
    resourceGroup: 'N2Standard',
    regions: ['us-central1'],
    usd: 0.032,
    usageUnit: 'h',
  }),
  sku({
    description: 'N2 Instance Ram running in Americas',
    resourceGroup: 'N2Standard',
    regions: ['us-central1'],
    usd: 0.0043,
    usageUnit: 'GiBy.h',
  }),
  // Spot and committed use are not list prices; N2D (AMD) is another family.
  sku({
    description: 'Spot Preemptible N2 Instance Core running in Americas',
    resourceGroup: 'N2Standard',
    regions: ['us-central1'],
    usd: 0.008,
    usageUnit: 'h',
    usageType: 'Preemptible',
  }),
  sku({
    description: 'N2D AMD Instance Core running in Americas',
    resourceGroup: 'N2DStandard',
    regions: ['us-central1'],
    usd: 0.0275,
    usageUnit: 'h',
  }),
  sku({
    description: 'Balanced PD Capacity',
    resourceGroup: 'SSD',
    regions: ['us-central1'],
    usd: 0.1,
    usageUnit: 'GiBy.mo',
  }),
  sku({
    description: 'Regional Balanced PD Capacity',
    resourceGroup: 'SSD',
    regions: ['us-central1'],
    usd: 0.2,
    usageUnit: 'GiBy.mo',
  }),
  sku({
    description: 'E2 Instance Core running in EMEA',
    resourceGroup: 'CPU',
    regions: ['europe-west1'],
    usd: 0.024,
    usageUnit: 'h',
  }),
];

describe('GcpPriceClient against the Cloud Billing Catalog stand-in', () => {
  const standIn = new CloudBillingStandIn([KEY]);
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.skus = SKUS;
    standIn.pageSize = 5000;
    standIn.requests.length = 0;
    standIn.throttle = 0;
  });
  const client = (options = {}) =>
    new GcpPriceClient({
      apiKey: KEY,
      baseUrl: standIn.url,
      backoffMs: 1,
      ...options,
    });

  it('prices machine types from per-core and per-GB-RAM SKUs', async () => {
    const snapshot = await client().fetch({
      regions: ['us-central1'],
      machineTypes: [
        'e2-standard-2',
        'e2-micro',
        'n2-standard-4',
        'n2d-standard-2',
        'x9-huge',
      ],
    });
    expect(snapshot.source).toBe('gcp-cloud-billing-catalog');
    expect(snapshot.overrides.gcp!['us-central1']).toEqual({
      // 2 × 0.022 + 8 × 0.003; e2-micro bills a quarter vCPU and 1 GB.
      machines: {
        'e2-standard-2': 0.068,
        'e2-micro': 0.0085,
        'n2-standard-4': 0.1968,
      },
      disks: { 'pd-balanced': 0.1 },
    });
    const { table } = liveTable(DEFAULT_PRICE_TABLE, [snapshot], new Date());
    // No RAM SKU for N2D in the answer: the shipped price stays.
    expect(table.gcp['us-central1'].machines['n2d-standard-2']).toBe(
      DEFAULT_PRICE_TABLE.gcp['us-central1'].machines['n2d-standard-2'],
    );
    expect(table.gcp['us-central1'].disks['pd-ssd']).toBe(0.17);
  });

  it('reads Money as units plus nanos', () => {
    expect(moneyToNumber({ units: '1', nanos: 250000000 })).toBe(1.25);
    expect(moneyToNumber({ nanos: 31611000 })).toBeCloseTo(0.031611, 9);
  });

  it('follows nextPageToken through every page', async () => {
    standIn.pageSize = 4;
    expect(await client().skus()).toHaveLength(SKUS.length);
    expect(standIn.requests).toHaveLength(3);
    expect(standIn.requests[1]).toMatch(/pageToken=p4/);
  });

  it('never puts the API key in an error or a log line', async () => {
    const lines: string[] = [];
    standIn.throttle = 1;
    await client({ log: (l: string) => lines.push(l) }).fetch({
      regions: ['us-central1'],
    });
    const bad = await client({
      apiKey: 'AIzaWrongKey-secret',
      log: (l: string) => lines.push(l),
    })
      .fetch({ regions: ['us-central1'] })
      .catch(e => e);
    expect(bad).toBeInstanceOf(PriceFetchError);
    expect(bad.status).toBe(403);
    expect(bad.message).toMatch(/403/);
    expect(bad.message).toMatch(/key=REDACTED/);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [bad.message, bad.stack, ...lines]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('AIzaWrongKey-secret');
    }
  });

  it('says how to give a key when there is none', async () => {
    await expect(client({ apiKey: undefined }).skus()).rejects.toThrow(
      /GOOGLE_CLOUD_BILLING_API_KEY/,
    );
    expect(standIn.requests).toHaveLength(0);
  });
});
