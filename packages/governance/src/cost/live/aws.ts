import {
  Filter,
  GetProductsCommand,
  PricingClient,
  PricingClientConfig,
} from '@aws-sdk/client-pricing';
import type { AwsRegionPrices, PriceOverrides } from '../prices/types';
import { PriceFetchError } from './http';
import type { PriceSnapshot } from './snapshot';

/** What to fetch from the AWS Price List Query API. */
export interface AwsPriceNeeds {
  regions: string[];
  /** EC2 instance types (`t3.micro`); none: no EC2 instance request. */
  ec2InstanceTypes?: string[];
  /** RDS instance classes (`db.t3.micro`), priced for MySQL and PostgreSQL. */
  rdsInstanceClasses?: string[];
  /** EBS per GB-month, NAT gateway, ALB/NLB and EKS hours. Default true. */
  networkAndStorage?: boolean;
}

export interface AwsPriceClientOptions {
  /**
   * The Price List Query API is served from us-east-1 and ap-south-1 only
   * (its endpoints page); prices of every region come from either.
   */
  apiRegion?: 'us-east-1' | 'ap-south-1';
  /** A stand-in's URL in tests; the real endpoint otherwise. */
  endpoint?: string;
  credentials?: PricingClientConfig['credentials'];
  /** SDK attempts per request (throttling is retried with backoff). Default 3. */
  maxAttempts?: number;
  /** Time limit of one page, retries included. Default 60 s. */
  timeoutMs?: number;
  /** Products per page, 1–100. Default 100. */
  pageSize?: number;
  log?: (line: string) => void;
  /** A ready client, used instead of building one. */
  client?: PricingClient;
}

/** One product of a `PriceList` entry, in the offer file's aws_v1 format. */
interface PriceListProduct {
  product?: { productFamily?: string; attributes?: Record<string, string> };
  terms?: {
    OnDemand?: Record<
      string,
      {
        priceDimensions?: Record<
          string,
          {
            unit?: string;
            beginRange?: string;
            pricePerUnit?: Record<string, string>;
          }
        >;
      }
    >;
  };
}

const EBS_VOLUME_TYPES = [
  'gp2',
  'gp3',
  'io1',
  'io2',
  'st1',
  'sc1',
  'standard',
] as const;

const RDS_ENGINES: Record<string, 'mysql' | 'postgres'> = {
  MySQL: 'mysql',
  PostgreSQL: 'postgres',
};

/** Instance types and classes go into filters: the names AWS uses, nothing else. */
const NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;

const term = (Field: string, Value: string): Filter => ({
  Type: 'TERM_MATCH',
  Field,
  Value,
});

/**
 * The on-demand USD price of a product: its first price dimension (the
 * lowest tier, when tiered). Undefined when the product has none.
 */
export function onDemandUsd(
  item: PriceListProduct,
): { price: number; unit?: string } | undefined {
  for (const offer of Object.values(item.terms?.OnDemand ?? {})) {
    const dims = Object.values(offer.priceDimensions ?? {});
    const first =
      dims.find(d => d.beginRange === undefined || d.beginRange === '0') ??
      dims[0];
    const usd = first?.pricePerUnit?.USD;
    if (usd === undefined) continue;
    const price = Number(usd);
    if (Number.isFinite(price) && price >= 0)
      return { price, unit: first.unit };
  }
  return undefined;
}

function parseItem(raw: unknown): PriceListProduct | undefined {
  try {
    // The model types each entry a string with a JSON media type; the SDK
    // hands it over as a String object (its LazyJsonString), not parsed.
    const value =
      typeof raw === 'string' || raw instanceof String
        ? JSON.parse(String(raw))
        : raw;
    return value && typeof value === 'object'
      ? (value as PriceListProduct)
      : undefined;
  } catch {
    return undefined;
  }
}

type RegionOverrides = {
  ec2?: Record<string, number>;
  ebs?: Partial<Record<(typeof EBS_VOLUME_TYPES)[number], number>>;
  rds?: { instances: Record<string, Record<string, number>> };
} & Partial<
  Pick<
    AwsRegionPrices,
    | 'natGatewayHour'
    | 'natGatewayPerGb'
    | 'albHour'
    | 'nlbHour'
    | 'eksClusterHour'
  >
>;

/**
 * Fetches AWS list prices with the Price List Query API and maps them onto
 * the price table's fields. A price the API does not return is left out,
 * so the shipped one stays.
 */
export class AwsPriceClient {
  private readonly client: PricingClient;
  private readonly pageSize: number;

  constructor(private readonly options: AwsPriceClientOptions = {}) {
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
    this.client =
      options.client ??
      new PricingClient({
        region: options.apiRegion ?? 'us-east-1',
        endpoint: options.endpoint,
        credentials: options.credentials,
        maxAttempts: options.maxAttempts ?? 3,
      });
  }

  /** Every product matching the filters, page by page. */
  async products(
    serviceCode: string,
    filters: Filter[],
  ): Promise<PriceListProduct[]> {
    const out: PriceListProduct[] = [];
    let nextToken: string | undefined;
    do {
      let res;
      try {
        res = await this.client.send(
          new GetProductsCommand({
            ServiceCode: serviceCode,
            Filters: filters,
            FormatVersion: 'aws_v1',
            MaxResults: this.pageSize,
            NextToken: nextToken,
          }),
          // Offline or firewalled, a fetch must fail (and fall back)
          // rather than hang the CLI or the refresh.
          {
            abortSignal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
          },
        );
      } catch (e) {
        const err = e as Error & { $metadata?: { httpStatusCode?: number } };
        throw new PriceFetchError(
          `AWS Price List API GetProducts (${serviceCode}) failed: ${err.name}: ${err.message}`,
          err.$metadata?.httpStatusCode,
        );
      }
      for (const raw of (res.PriceList ?? []) as unknown[]) {
        const item = parseItem(raw);
        if (item) out.push(item);
      }
      nextToken = res.NextToken || undefined;
    } while (nextToken);
    return out;
  }

  /** A snapshot of the needed prices in each region. */
  async fetch(needs: AwsPriceNeeds, now = new Date()): Promise<PriceSnapshot> {
    for (const name of [
      ...(needs.ec2InstanceTypes ?? []),
      ...(needs.rdsInstanceClasses ?? []),
      ...needs.regions,
    ]) {
      if (!NAME.test(name))
        throw new PriceFetchError(
          `"${name}" is not an AWS region, instance type or class name (lower-case letters, digits, '.' and '-').`,
        );
    }
    const aws: Record<string, RegionOverrides> = {};
    for (const region of needs.regions) {
      aws[region] = await this.region(region, needs);
      this.options.log?.(`AWS Price List API: prices of ${region} read`);
    }
    return {
      provider: 'aws',
      regions: [...needs.regions],
      fetchedAt: now.toISOString(),
      source: 'aws-price-list-api',
      overrides: { aws } as PriceOverrides,
    };
  }

  private async region(
    region: string,
    needs: AwsPriceNeeds,
  ): Promise<RegionOverrides> {
    const out: RegionOverrides = {};
    const inRegion = term('regionCode', region);
    const types = [...new Set(needs.ec2InstanceTypes ?? [])];
    if (types.length > 0) {
      const ec2: Record<string, number> = {};
      for (const item of await this.products('AmazonEC2', [
        inRegion,
        term('productFamily', 'Compute Instance'),
        { Type: 'ANY_OF', Field: 'instanceType', Value: types.join(',') },
        term('operatingSystem', 'Linux'),
        term('tenancy', 'Shared'),
        term('preInstalledSw', 'NA'),
        term('capacitystatus', 'Used'),
        term('licenseModel', 'No License required'),
      ])) {
        const a = item.product?.attributes ?? {};
        const price = onDemandUsd(item);
        if (a.instanceType && types.includes(a.instanceType) && price)
          ec2[a.instanceType] = price.price;
      }
      if (Object.keys(ec2).length > 0) out.ec2 = ec2;
    }
    const classes = [...new Set(needs.rdsInstanceClasses ?? [])];
    if (classes.length > 0) {
      const instances: Record<string, Record<string, number>> = {};
      for (const item of await this.products('AmazonRDS', [
        inRegion,
        term('productFamily', 'Database Instance'),
        { Type: 'ANY_OF', Field: 'instanceType', Value: classes.join(',') },
        { Type: 'ANY_OF', Field: 'databaseEngine', Value: 'MySQL,PostgreSQL' },
        term('deploymentOption', 'Single-AZ'),
      ])) {
        const a = item.product?.attributes ?? {};
        const engine = RDS_ENGINES[a.databaseEngine ?? ''];
        const price = onDemandUsd(item);
        if (!engine || !a.instanceType || !classes.includes(a.instanceType))
          continue;
        if (!price) continue;
        (instances[engine] ??= {})[a.instanceType] = price.price;
      }
      if (Object.keys(instances).length > 0) out.rds = { instances };
    }
    if (needs.networkAndStorage === false) return out;

    const ebs: RegionOverrides['ebs'] = {};
    for (const item of await this.products('AmazonEC2', [
      inRegion,
      term('productFamily', 'Storage'),
      {
        Type: 'ANY_OF',
        Field: 'volumeApiName',
        Value: EBS_VOLUME_TYPES.join(','),
      },
    ])) {
      const v = item.product?.attributes?.volumeApiName as
        | (typeof EBS_VOLUME_TYPES)[number]
        | undefined;
      const price = onDemandUsd(item);
      if (v && EBS_VOLUME_TYPES.includes(v) && price && price.unit === 'GB-Mo')
        ebs[v] = price.price;
    }
    if (Object.keys(ebs).length > 0) out.ebs = ebs;

    for (const item of await this.products('AmazonEC2', [
      inRegion,
      term('productFamily', 'NAT Gateway'),
    ])) {
      const usage = item.product?.attributes?.usagetype ?? '';
      const price = onDemandUsd(item);
      if (!price) continue;
      if (usage.endsWith('NatGateway-Hours')) out.natGatewayHour = price.price;
      else if (usage.endsWith('NatGateway-Bytes'))
        out.natGatewayPerGb = price.price;
    }

    for (const item of await this.products('AWSELB', [
      inRegion,
      {
        Type: 'ANY_OF',
        Field: 'productFamily',
        Value: 'Load Balancer-Application,Load Balancer-Network',
      },
      { Type: 'CONTAINS', Field: 'usagetype', Value: 'LoadBalancerUsage' },
    ])) {
      const family = item.product?.productFamily;
      const price = onDemandUsd(item);
      if (!price || price.unit !== 'Hrs') continue;
      if (family === 'Load Balancer-Application') out.albHour = price.price;
      else if (family === 'Load Balancer-Network') out.nlbHour = price.price;
    }

    for (const item of await this.products('AmazonEKS', [
      inRegion,
      {
        Type: 'CONTAINS',
        Field: 'usagetype',
        Value: 'AmazonEKS-Hours:perCluster',
      },
    ])) {
      const price = onDemandUsd(item);
      if (price && price.unit === 'Hours') out.eksClusterHour = price.price;
      else if (price && price.unit === 'Hrs') out.eksClusterHour = price.price;
    }
    return out;
  }
}
