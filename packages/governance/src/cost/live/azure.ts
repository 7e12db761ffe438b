import type { PriceOverrides } from '../prices/types';
import { FetchSettings, getJson, PriceFetchError } from './http';
import type { PriceSnapshot } from './snapshot';

export const AZURE_RETAIL_PRICES_URL =
  'https://prices.azure.com/api/retail/prices';
const API_VERSION = '2023-01-01-preview';

/** What to fetch from the Azure Retail Prices API. */
export interface AzurePriceNeeds {
  /** ARM region names (`eastus`). */
  regions: string[];
  /** VM sizes (`Standard_B2s`). */
  vmSizes?: string[];
  /** Managed disk tiers (`P10`, `E4`, `S30`). */
  diskTiers?: string[];
  /** Azure Firewall and public IP hours. Default true. */
  networking?: boolean;
}

export interface AzurePriceClientOptions extends FetchSettings {
  /** A stand-in's URL in tests. */
  baseUrl?: string;
}

/** An item of the Retail Prices API, the fields this client reads. */
interface RetailPriceItem {
  currencyCode?: string;
  retailPrice?: number;
  unitPrice?: number;
  armRegionName?: string;
  armSkuName?: string;
  skuName?: string;
  productName?: string;
  meterName?: string;
  serviceName?: string;
  unitOfMeasure?: string;
  type?: string;
}

interface RetailPricesPage {
  Items?: RetailPriceItem[];
  NextPageLink?: string | null;
}

/** Every value put in a filter; anything else is refused, never escaped into meaning. */
const SAFE_VALUE = /^[A-Za-z0-9_ .-]+$/;

/** An OData string literal that cannot end early: `'` doubled, the rest refused. */
export function odataString(value: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new PriceFetchError(
      `"${value}" cannot go into an Azure Retail Prices filter: use only letters, digits, '_', ' ', '.' and '-'.`,
    );
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** `field eq 'value'`, with the field from this module and the value checked. */
const eq = (field: string, value: string) =>
  `${field} eq ${odataString(value)}`;

/** `(field eq 'a' or field eq 'b')`. */
const anyOf = (field: string, values: readonly string[]) =>
  `(${values.map(v => eq(field, v)).join(' or ')})`;

/** The `$filter` clauses joined with `and`. */
export function buildFilter(clauses: readonly string[]): string {
  return clauses.join(' and ');
}

const perHour = (i: RetailPriceItem) => i.unitOfMeasure === '1 Hour';

/** Retail prices are in the currency asked for; USD unless told otherwise. */
const usd = (i: RetailPriceItem) =>
  (i.currencyCode ?? 'USD') === 'USD' &&
  typeof i.retailPrice === 'number' &&
  Number.isFinite(i.retailPrice) &&
  i.retailPrice >= 0;

/** Linux pay-as-you-go: not Windows, not Spot, not Low Priority. */
function linuxConsumption(i: RetailPriceItem): boolean {
  const text = `${i.productName ?? ''} ${i.skuName ?? ''} ${i.meterName ?? ''}`;
  return (
    i.type === 'Consumption' &&
    !/Windows|Spot|Low Priority/i.test(text) &&
    perHour(i)
  );
}

/**
 * Fetches Azure list prices with the Retail Prices REST API (no
 * credentials) and maps them onto the price table's fields. A price the
 * API does not return is left out, so the shipped one stays.
 */
export class AzurePriceClient {
  private readonly baseUrl: string;

  constructor(private readonly options: AzurePriceClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? AZURE_RETAIL_PRICES_URL).replace(
      /\/+$/,
      '',
    );
  }

  /** Every item matching the filter, following `NextPageLink`. */
  async items(filter: string): Promise<RetailPriceItem[]> {
    const first = new URL(this.baseUrl);
    first.searchParams.set('api-version', API_VERSION);
    first.searchParams.set('$filter', filter);
    const out: RetailPriceItem[] = [];
    let url: string | undefined = first.toString();
    const origin = first.origin;
    for (let page = 0; url; page++) {
      if (page > 1000)
        throw new PriceFetchError(
          'Azure Retail Prices API: more than 1000 pages; giving up.',
        );
      const body = (await getJson(
        url,
        'The Azure Retail Prices API',
        this.options,
      )) as RetailPricesPage;
      if (!body || !Array.isArray(body.Items))
        throw new PriceFetchError(
          'The Azure Retail Prices API answered without an Items array.',
        );
      out.push(...body.Items);
      const next = body.NextPageLink || undefined;
      // Follow the API's own links only: a link elsewhere is not followed.
      url = next && new URL(next).origin === origin ? next : undefined;
    }
    return out;
  }

  /** A snapshot of the needed prices in each region. */
  async fetch(
    needs: AzurePriceNeeds,
    now = new Date(),
  ): Promise<PriceSnapshot> {
    const azure: Record<string, Record<string, unknown>> = {};
    for (const region of needs.regions) {
      azure[region] = await this.region(region, needs);
      this.options.log?.(`Azure Retail Prices API: prices of ${region} read`);
    }
    return {
      provider: 'azure',
      regions: [...needs.regions],
      fetchedAt: now.toISOString(),
      source: 'azure-retail-prices',
      overrides: { azure } as PriceOverrides,
    };
  }

  private async region(
    region: string,
    needs: AzurePriceNeeds,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const inRegion = eq('armRegionName', region);
    const consumption = eq('priceType', 'Consumption');
    const sizes = [...new Set(needs.vmSizes ?? [])];
    if (sizes.length > 0) {
      const vms: Record<string, number> = {};
      for (const i of await this.items(
        buildFilter([
          eq('serviceName', 'Virtual Machines'),
          inRegion,
          consumption,
          anyOf('armSkuName', sizes),
        ]),
      )) {
        if (i.armSkuName && sizes.includes(i.armSkuName) && usd(i))
          if (linuxConsumption(i)) vms[i.armSkuName] = i.retailPrice!;
      }
      if (Object.keys(vms).length > 0) out.vms = vms;
    }
    const tiers = [...new Set(needs.diskTiers ?? [])];
    if (tiers.length > 0) {
      const diskTiers: Record<string, number> = {};
      for (const i of await this.items(
        buildFilter([
          eq('serviceName', 'Storage'),
          inRegion,
          consumption,
          anyOf(
            'skuName',
            tiers.map(t => `${t} LRS`),
          ),
        ]),
      )) {
        // The disk's monthly meter (`P10 LRS Disk`), not its operations or bursting.
        const tier = i.skuName?.replace(/ LRS$/, '');
        if (
          tier &&
          tiers.includes(tier) &&
          i.unitOfMeasure === '1/Month' &&
          /Disks?$/.test(i.meterName ?? '') &&
          i.type === 'Consumption' &&
          usd(i)
        )
          diskTiers[tier] = i.retailPrice!;
      }
      if (Object.keys(diskTiers).length > 0) out.diskTiers = diskTiers;
    }
    if (needs.networking === false) return out;

    const firewallHour: Record<string, number> = {};
    for (const i of await this.items(
      buildFilter([eq('serviceName', 'Azure Firewall'), inRegion, consumption]),
    )) {
      const sku = i.skuName;
      if (
        (sku === 'Basic' || sku === 'Standard' || sku === 'Premium') &&
        i.meterName === `${sku} Deployment` &&
        perHour(i) &&
        usd(i)
      )
        firewallHour[sku] = i.retailPrice!;
    }
    if (Object.keys(firewallHour).length > 0) out.firewallHour = firewallHour;

    const publicIpHour: Record<string, number> = {};
    for (const i of await this.items(
      buildFilter([
        eq('serviceName', 'Virtual Network'),
        eq('productName', 'IP Addresses'),
        inRegion,
        consumption,
      ]),
    )) {
      const sku = i.skuName;
      if (
        (sku === 'Basic' || sku === 'Standard') &&
        i.meterName === `${sku} IPv4 Static Public IP` &&
        perHour(i) &&
        usd(i)
      )
        publicIpHour[sku] = i.retailPrice!;
    }
    if (Object.keys(publicIpHour).length > 0) out.publicIpHour = publicIpHour;
    return out;
  }
}
