import type {
  AwsServicePrices,
  AzureServicePrices,
  GcpServicePrices,
} from './serviceTypes';

export type { AwsServicePrices, AzureServicePrices, GcpServicePrices };

/** USD per hour, keyed by instance/node type. */
type HourlyPrices = Record<string, number>;

export interface AwsEbsPrices {
  /** USD per GB-month by volume type. */
  gp2: number;
  gp3: number;
  io1: number;
  io2: number;
  st1: number;
  sc1: number;
  standard: number;
  /** USD per provisioned IOPS-month above gp3's 3,000 baseline. */
  gp3Iops: number;
  /** USD per MB/s-month above gp3's 125 MB/s baseline. */
  gp3Throughput: number;
  /** USD per provisioned IOPS-month. */
  io1Iops: number;
  /** io2 IOPS tiers: up to 32,000; 32,001–64,000; above 64,000. */
  io2IopsTiers: [number, number, number];
}

interface AwsRdsPrices {
  /** Single-AZ instance hours by engine family (`mysql`, `postgres`), then class. */
  instances: Record<string, HourlyPrices>;
  /** Single-AZ storage, USD per GB-month. */
  storage: {
    gp2: number;
    gp3: number;
    io1: number;
    io2: number;
    standard: number;
  };
  /** USD per provisioned IOPS-month (io1/io2), single-AZ. */
  iops: number;
  /**
   * RDS Extended Support for MySQL and PostgreSQL, USD per vCPU-hour: years
   * 1-2 and year 3 after a major version's end of standard support.
   */
  extendedSupportVcpuHour?: { year12: number; year3: number };
}

export interface AwsRegionPrices {
  /** EC2 on-demand, Linux, shared tenancy. */
  ec2: HourlyPrices;
  ebs: AwsEbsPrices;
  rds: AwsRdsPrices;
  elasticache: HourlyPrices;
  natGatewayHour: number;
  natGatewayPerGb: number;
  albHour: number;
  nlbHour: number;
  gwlbHour: number;
  classicElbHour: number;
  eksClusterHour: number;
  /** Public IPv4 address attached to a running resource. */
  publicIpv4InUseHour: number;
  /** Elastic IP not attached to anything. */
  publicIpv4IdleHour: number;
  kmsKeyMonth: number;
  route53ZoneMonth: number;
  secretsManagerSecretMonth: number;
  lambdaPerMillionRequests: number;
  lambdaPerGbSecond: number;
  s3StandardGbMonth: number;
  logsIngestPerGb: number;
  logsStoragePerGbMonth: number;
  /** Other services, by price name (prices/serviceTypes.ts). */
  services: AwsServicePrices;
}

export interface GcpRegionPrices {
  machines: HourlyPrices;
  /** USD per GB-month by disk type. */
  disks: Record<string, number>;
  /**
   * Cloud SQL (MySQL, PostgreSQL) Enterprise edition, dedicated core: USD per
   * vCPU-hour, per GB-hour of memory and per GB-month of SSD or HDD storage.
   * High availability (REGIONAL) bills each twice.
   */
  cloudSql?: {
    vcpuHour: number;
    memoryGbHour: number;
    ssdGbMonth: number;
    hddGbMonth: number;
  };
  /** Cloud KMS software key: USD per active key version per month. */
  kmsKeyVersionMonth?: number;
  /** Cloud Storage Standard class, regional bucket: USD per GB-month. */
  gcsStandardGbMonth?: number;
  /** Artifact Registry storage: USD per GB-month. */
  artifactRegistryGbMonth?: number;
  /** Other services, by price name (prices/serviceTypes.ts). */
  services: GcpServicePrices;
}

export interface AzureRegionPrices {
  /** Linux pay-as-you-go. */
  vms: HourlyPrices;
  /** USD per month by managed disk tier (`P10`, `E4`, `S30`, ...). */
  diskTiers: Record<string, number>;
  firewallHour: { Basic: number; Standard: number; Premium: number };
  publicIpHour: { Basic: number; Standard: number };
  /** USD per registry-day by Container Registry SKU (included storage only). */
  containerRegistryDay: { Basic: number; Standard: number; Premium: number };
  /**
   * USD per hour of a Service Bus namespace: Standard's base charge (13
   * million operations a month included), Premium's per messaging unit
   * (operations included). Basic has no base charge: operations only.
   */
  serviceBusHour: { Standard: number; Premium: number };
  /** Other services, by price name (prices/serviceTypes.ts). */
  services: AzureServicePrices;
}

/** A dated price table; see the README for its sources. */
export interface PriceTable {
  /** Date the prices were read from the providers' price pages (YYYY-MM-DD). */
  date: string;
  currency: 'USD';
  hoursPerMonth: number;
  sources: string[];
  aws: Record<string, AwsRegionPrices>;
  gcp: Record<string, GcpRegionPrices>;
  azure: Record<string, AzureRegionPrices>;
}

/** A partial table merged over the shipped one (`--prices FILE`). */
export type PriceOverrides = DeepPartial<PriceTable>;

type DeepPartial<T> = T extends Array<unknown>
  ? T
  : T extends object
  ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T;
