import type { PriceOverrides } from '../prices/types';
import { FetchSettings, getJson, PriceFetchError } from './http';
import type { PriceSnapshot } from './snapshot';

export const CLOUD_BILLING_URL = 'https://cloudbilling.googleapis.com/v1';
/** Compute Engine's service id in the Cloud Billing Catalog. */
export const COMPUTE_ENGINE_SERVICE_ID = '6F81-5844-456A';

/**
 * vCPUs and memory (GB) of the machine types the price table lists, from
 * the machine families page (https://cloud.google.com/compute/docs/machine-resource):
 * a machine's hourly price is vCPUs × core price + GB × RAM price. The
 * shared-core E2 types bill a fraction of a vCPU (e2-micro 0.25,
 * e2-small 0.5, e2-medium 1).
 */
export const GCP_MACHINE_SHAPES: Readonly<
  Record<string, { family: GcpFamily; vcpus: number; memoryGb: number }>
> = {
  'e2-micro': { family: 'E2', vcpus: 0.25, memoryGb: 1 },
  'e2-small': { family: 'E2', vcpus: 0.5, memoryGb: 2 },
  'e2-medium': { family: 'E2', vcpus: 1, memoryGb: 4 },
  'e2-standard-2': { family: 'E2', vcpus: 2, memoryGb: 8 },
  'e2-standard-4': { family: 'E2', vcpus: 4, memoryGb: 16 },
  'e2-standard-8': { family: 'E2', vcpus: 8, memoryGb: 32 },
  'n1-standard-1': { family: 'N1', vcpus: 1, memoryGb: 3.75 },
  'n1-standard-2': { family: 'N1', vcpus: 2, memoryGb: 7.5 },
  'n1-standard-4': { family: 'N1', vcpus: 4, memoryGb: 15 },
  'n2-standard-2': { family: 'N2', vcpus: 2, memoryGb: 8 },
  'n2-standard-4': { family: 'N2', vcpus: 4, memoryGb: 16 },
  'n2d-standard-2': { family: 'N2D', vcpus: 2, memoryGb: 8 },
};

type GcpFamily = 'E2' | 'N1' | 'N2' | 'N2D';

/** How each family's on-demand core and RAM SKUs are described. */
const FAMILY_SKU_PREFIX: Record<GcpFamily, string> = {
  E2: 'E2 Instance',
  N1: 'N1 Predefined Instance',
  N2: 'N2 Instance',
  N2D: 'N2D AMD Instance',
};

/** Persistent disk capacity SKUs, zonal, by the table's disk type. */
const DISK_SKUS: Record<string, string> = {
  'Storage PD Capacity': 'pd-standard',
  'Balanced PD Capacity': 'pd-balanced',
  'SSD backed PD Capacity': 'pd-ssd',
};

export interface GcpPriceNeeds {
  regions: string[];
  /** Machine types; only those in GCP_MACHINE_SHAPES can be priced. */
  machineTypes?: string[];
  /** Persistent disk prices. Default true. */
  disks?: boolean;
}

export interface GcpPriceClientOptions extends FetchSettings {
  /** From config or GOOGLE_CLOUD_BILLING_API_KEY; never logged or stored. */
  apiKey?: string;
  baseUrl?: string;
  /** SKUs per page (the API's pageSize, at most 5000). */
  pageSize?: number;
}

/** The fields of the Catalog API's `Sku` this client reads. */
interface Sku {
  description?: string;
  category?: { resourceGroup?: string; usageType?: string };
  serviceRegions?: string[];
  pricingInfo?: Array<{
    pricingExpression?: {
      usageUnit?: string;
      tieredRates?: Array<{
        startUsageAmount?: number;
        unitPrice?: { currencyCode?: string; units?: string; nanos?: number };
      }>;
    };
  }>;
}

/** A `Money` (units as an int64 string, nanos as billionths) as a number. */
export function moneyToNumber(m: { units?: string; nanos?: number }): number {
  return Number(m.units ?? '0') + (m.nanos ?? 0) / 1e9;
}

/** The on-demand USD price of a SKU's lowest tier (usually its only one). */
function skuPrice(sku: Sku): { price: number; unit?: string } | undefined {
  const expr = sku.pricingInfo?.[0]?.pricingExpression;
  const rate =
    expr?.tieredRates?.find(r => (r.startUsageAmount ?? 0) === 0) ??
    expr?.tieredRates?.[0];
  if (!rate?.unitPrice || (rate.unitPrice.currencyCode ?? 'USD') !== 'USD')
    return undefined;
  const price = moneyToNumber(rate.unitPrice);
  return Number.isFinite(price) && price >= 0
    ? { price, unit: expr?.usageUnit }
    : undefined;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Fetches Compute Engine list prices from the Cloud Billing Catalog API
 * and maps per-core and per-GB-RAM SKUs to machine-type hourly prices.
 * The API key is a query parameter: every message redacts it.
 */
export class GcpPriceClient {
  private readonly baseUrl: string;

  constructor(private readonly options: GcpPriceClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? CLOUD_BILLING_URL).replace(/\/+$/, '');
  }

  /** Every SKU of Compute Engine, page by page. */
  async skus(): Promise<Sku[]> {
    const key = this.options.apiKey;
    if (!key)
      throw new PriceFetchError(
        'The Cloud Billing Catalog API needs an API key: set GOOGLE_CLOUD_BILLING_API_KEY (or groundwork.prices.gcp.apiKey).',
      );
    const out: Sku[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const url = new URL(
        `${this.baseUrl}/services/${COMPUTE_ENGINE_SERVICE_ID}/skus`,
      );
      url.searchParams.set('key', key);
      url.searchParams.set('currencyCode', 'USD');
      url.searchParams.set('pageSize', String(this.options.pageSize ?? 5000));
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const body = (await getJson(
        url.toString(),
        'The Cloud Billing Catalog API',
        this.options,
      )) as { skus?: Sku[]; nextPageToken?: string };
      if (!body || !Array.isArray(body.skus))
        throw new PriceFetchError(
          'The Cloud Billing Catalog API answered without a skus array.',
        );
      out.push(...body.skus);
      pageToken = body.nextPageToken || undefined;
      if (++pages > 1000)
        throw new PriceFetchError(
          'The Cloud Billing Catalog API: more than 1000 pages; giving up.',
        );
    } while (pageToken);
    return out;
  }

  async fetch(needs: GcpPriceNeeds, now = new Date()): Promise<PriceSnapshot> {
    const skus = await this.skus();
    const gcp: Record<string, Record<string, unknown>> = {};
    for (const region of needs.regions)
      gcp[region] = this.region(skus, region, needs);
    this.options.log?.(
      `Cloud Billing Catalog API: prices of ${needs.regions.join(', ')} read`,
    );
    return {
      provider: 'gcp',
      regions: [...needs.regions],
      fetchedAt: now.toISOString(),
      source: 'gcp-cloud-billing-catalog',
      overrides: { gcp } as PriceOverrides,
    };
  }

  private region(
    skus: readonly Sku[],
    region: string,
    needs: GcpPriceNeeds,
  ): Record<string, unknown> {
    const core = new Map<GcpFamily, number>();
    const ram = new Map<GcpFamily, number>();
    const disks: Record<string, number> = {};
    for (const sku of skus) {
      if (sku.category?.usageType !== 'OnDemand') continue;
      if (!sku.serviceRegions?.includes(region)) continue;
      const d = sku.description ?? '';
      const price = skuPrice(sku);
      if (!price) continue;
      const disk = DISK_SKUS[d];
      if (disk) {
        disks[disk] = price.price;
        continue;
      }
      for (const family of Object.keys(FAMILY_SKU_PREFIX) as GcpFamily[]) {
        const prefix = FAMILY_SKU_PREFIX[family];
        if (d.startsWith(`${prefix} Core running in `))
          core.set(family, price.price);
        else if (d.startsWith(`${prefix} Ram running in `))
          ram.set(family, price.price);
      }
    }
    const machines: Record<string, number> = {};
    for (const type of new Set(needs.machineTypes ?? [])) {
      const shape = GCP_MACHINE_SHAPES[type];
      if (!shape) continue;
      const c = core.get(shape.family);
      const r = ram.get(shape.family);
      if (c === undefined || r === undefined) continue;
      machines[type] = round6(shape.vcpus * c + shape.memoryGb * r);
    }
    const out: Record<string, unknown> = {};
    if (Object.keys(machines).length > 0) out.machines = machines;
    if (needs.disks !== false && Object.keys(disks).length > 0)
      out.disks = disks;
    return out;
  }
}
