import { AzurePriceClient, buildFilter, odataString } from './azure';
import { getJson, PriceFetchError } from './http';
import {
  AzureRetailPricesStandIn,
  parseFilter,
  retailItem,
} from './__testUtils__/azureRetailPricesStandIn';

const vm = (armSkuName: string, retailPrice: number, extra = {}) =>
  retailItem({
    serviceName: 'Virtual Machines',
    armRegionName: 'eastus',
    retailPrice,
    armSkuName,
    skuName: armSkuName.replace(/^Standard_/, '').replace(/_/g, ' '),
    productName: `Virtual Machines ${armSkuName} Series`,
    meterName: armSkuName.replace(/^Standard_/, ''),
    ...extra,
  });

const ITEMS = [
  vm('Standard_B2s', 0.0432),
  vm('Standard_B2s', 0.052, {
    productName: 'Virtual Machines BS Series Windows',
  }),
  vm('Standard_B2s', 0.009, { skuName: 'B2s Spot', meterName: 'B2s Spot' }),
  vm('Standard_B2s', 0.008, {
    skuName: 'B2s Low Priority',
    meterName: 'B2s Low Priority',
  }),
  vm('Standard_B2s', 0.3, { type: 'Reservation', unitOfMeasure: '1 Hour' }),
  vm('Standard_D2s_v5', 0.099),
  vm('Standard_D2s_v5', 0.12, { armRegionName: 'westeurope' }),
  retailItem({
    serviceName: 'Storage',
    armRegionName: 'eastus',
    retailPrice: 20.5,
    skuName: 'P10 LRS',
    meterName: 'P10 LRS Disk',
    productName: 'Premium SSD Managed Disks',
    unitOfMeasure: '1/Month',
  }),
  retailItem({
    serviceName: 'Storage',
    armRegionName: 'eastus',
    retailPrice: 0.0005,
    skuName: 'P10 LRS',
    meterName: 'Disk Operations',
    productName: 'Premium SSD Managed Disks',
    unitOfMeasure: '10K',
  }),
  retailItem({
    serviceName: 'Azure Firewall',
    armRegionName: 'eastus',
    retailPrice: 1.3,
    skuName: 'Standard',
    meterName: 'Standard Deployment',
  }),
  retailItem({
    serviceName: 'Azure Firewall',
    armRegionName: 'eastus',
    retailPrice: 0.016,
    skuName: 'Standard',
    meterName: 'Standard Data Processed',
    unitOfMeasure: '1 GB',
  }),
  retailItem({
    serviceName: 'Virtual Network',
    armRegionName: 'eastus',
    retailPrice: 0.0051,
    skuName: 'Standard',
    productName: 'IP Addresses',
    meterName: 'Standard IPv4 Static Public IP',
  }),
];

describe('AzurePriceClient against the Retail Prices stand-in', () => {
  const standIn = new AzureRetailPricesStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.items = ITEMS;
    standIn.pageSize = 1000;
    standIn.requests.length = 0;
    standIn.filters.length = 0;
    standIn.throttle = 0;
  });
  const client = () =>
    new AzurePriceClient({ baseUrl: standIn.url, backoffMs: 1 });

  it('maps Linux pay-as-you-go VMs, disk tiers, firewall and public IP', async () => {
    const snapshot = await client().fetch(
      {
        regions: ['eastus'],
        vmSizes: ['Standard_B2s', 'Standard_D2s_v5'],
        diskTiers: ['P10', 'E4'],
      },
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(snapshot.source).toBe('azure-retail-prices');
    expect(snapshot.overrides.azure!.eastus).toEqual({
      vms: { Standard_B2s: 0.0432, Standard_D2s_v5: 0.099 },
      diskTiers: { P10: 20.5 },
      firewallHour: { Standard: 1.3 },
      publicIpHour: { Standard: 0.0051 },
    });
    expect(standIn.filters[0]).toBe(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and priceType eq 'Consumption' and (armSkuName eq 'Standard_B2s' or armSkuName eq 'Standard_D2s_v5')",
    );
  });

  it('follows NextPageLink through every page', async () => {
    standIn.pageSize = 2;
    const items = await client().items(
      buildFilter([
        "serviceName eq 'Virtual Machines'",
        "armRegionName eq 'eastus'",
      ]),
    );
    expect(items).toHaveLength(6);
    expect(standIn.requests).toHaveLength(3);
    expect(standIn.requests[2]).toMatch(/%24skip=4/);
  });

  it('retries 429 with backoff, a bounded number of times', async () => {
    standIn.throttle = 2;
    await expect(
      client().items("serviceName eq 'Storage'"),
    ).resolves.toHaveLength(2);
    expect(standIn.requests).toHaveLength(3);
    standIn.throttle = 10;
    standIn.requests.length = 0;
    const error = await client()
      .items("serviceName eq 'Storage'")
      .catch(e => e);
    expect(error).toBeInstanceOf(PriceFetchError);
    expect(error.status).toBe(429);
    expect(standIn.requests).toHaveLength(4);
  });

  it('refuses filter values that could change the filter, before any request', async () => {
    for (const evil of [
      "eastus' or serviceName eq 'Storage",
      'eastus) or (1 eq 1',
      "O'Brien",
      'eastus\u0000',
      '',
    ]) {
      expect(() => odataString(evil)).toThrow(PriceFetchError);
      await expect(client().fetch({ regions: [evil] })).rejects.toThrow(
        /cannot go into an Azure Retail Prices filter/,
      );
      await expect(
        client().fetch({ regions: ['eastus'], vmSizes: [evil] }),
      ).rejects.toThrow(PriceFetchError);
    }
    expect(standIn.requests).toHaveLength(0);
    expect(odataString('Standard_D2s_v5')).toBe("'Standard_D2s_v5'");
  });

  it('the stand-in rejects malformed filters with 400, as the API does', async () => {
    const url = new URL(standIn.url);
    url.searchParams.set('api-version', '2023-01-01-preview');
    url.searchParams.set('$filter', "serviceName eq 'Storage' and");
    const error = await getJson(url.toString(), 'Azure', {
      backoffMs: 1,
    }).catch((e: PriceFetchError) => e);
    expect((error as PriceFetchError).status).toBe(400);
    expect(() => parseFilter("evil eq 'x'")).toThrow(/unknown field/);
    expect(() => parseFilter("serviceName eq 'x''")).toThrow();
    expect(parseFilter("skuName eq 'O''Brien'")).toEqual({
      op: 'eq',
      field: 'skuName',
      value: "O'Brien",
    });
  });
});
