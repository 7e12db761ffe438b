import type {
  AwsRegionPrices,
  AzureRegionPrices,
  GcpRegionPrices,
  PriceTable,
} from './types';
import {
  AWS_SERVICES_EU_CENTRAL_1,
  AWS_SERVICES_EU_WEST_1,
  AWS_SERVICES_US,
  AZURE_SERVICES_EASTUS,
  AZURE_SERVICES_WESTEUROPE,
  GCP_SERVICES_EUROPE_WEST1,
  GCP_SERVICES_US_CENTRAL1,
} from './services';

/*
 * List prices (on-demand / pay-as-you-go, USD) as published on the
 * providers' public price pages on PRICE_TABLE_DATE. They are a snapshot:
 * providers change prices and regional tables, so every figure here can be
 * overridden with `--prices FILE` (or the estimator's `prices` option).
 * Types missing from a region are reported as unpriced, never guessed.
 */

export const PRICE_TABLE_DATE = '2025-06-01';

/** EC2 Linux on-demand, us-east-1 (us-west-2 lists the same prices). */
const EC2_US: Record<string, number> = {
  't2.nano': 0.0058,
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't2.large': 0.0928,
  't2.xlarge': 0.1856,
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  't3a.micro': 0.0094,
  't3a.small': 0.0188,
  't3a.medium': 0.0376,
  't3a.large': 0.0752,
  't4g.micro': 0.0084,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  't4g.large': 0.0672,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm5.4xlarge': 0.768,
  'm5.8xlarge': 1.536,
  'm5.12xlarge': 2.304,
  'm6i.large': 0.096,
  'm6i.xlarge': 0.192,
  'm6i.2xlarge': 0.384,
  'm6i.4xlarge': 0.768,
  'm6g.large': 0.077,
  'm6g.xlarge': 0.154,
  'm6g.2xlarge': 0.308,
  'm7i.large': 0.1008,
  'm7i.xlarge': 0.2016,
  'm7g.large': 0.0816,
  'm7g.xlarge': 0.1632,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'c5.2xlarge': 0.34,
  'c5.4xlarge': 0.68,
  'c6i.large': 0.085,
  'c6i.xlarge': 0.17,
  'c6g.large': 0.068,
  'c6g.xlarge': 0.136,
  'r5.large': 0.126,
  'r5.xlarge': 0.252,
  'r5.2xlarge': 0.504,
  'r6i.large': 0.126,
  'r6i.xlarge': 0.252,
  'r6g.large': 0.1008,
  'r6g.xlarge': 0.2016,
};

const EC2_EU_WEST_1: Record<string, number> = {
  't2.nano': 0.0063,
  't2.micro': 0.0126,
  't2.small': 0.025,
  't2.medium': 0.05,
  't2.large': 0.1008,
  't3.nano': 0.0057,
  't3.micro': 0.0114,
  't3.small': 0.0228,
  't3.medium': 0.0456,
  't3.large': 0.0912,
  't3.xlarge': 0.1824,
  't3.2xlarge': 0.3648,
  't4g.micro': 0.0092,
  't4g.small': 0.0184,
  't4g.medium': 0.0368,
  'm5.large': 0.107,
  'm5.xlarge': 0.214,
  'm5.2xlarge': 0.428,
  'm5.4xlarge': 0.856,
  'm6i.large': 0.107,
  'm6i.xlarge': 0.214,
  'c5.large': 0.096,
  'c5.xlarge': 0.192,
  'r5.large': 0.141,
  'r5.xlarge': 0.282,
};

const EC2_EU_CENTRAL_1: Record<string, number> = {
  't2.nano': 0.0067,
  't2.micro': 0.0134,
  't2.small': 0.0268,
  't2.medium': 0.0536,
  't3.nano': 0.006,
  't3.micro': 0.012,
  't3.small': 0.024,
  't3.medium': 0.048,
  't3.large': 0.096,
  't3.xlarge': 0.192,
  't3.2xlarge': 0.384,
  't4g.micro': 0.0096,
  't4g.small': 0.0192,
  't4g.medium': 0.0384,
  'm5.large': 0.115,
  'm5.xlarge': 0.23,
  'm5.2xlarge': 0.46,
  'm5.4xlarge': 0.92,
  'm6i.large': 0.115,
  'm6i.xlarge': 0.23,
  'c5.large': 0.097,
  'c5.xlarge': 0.194,
  'r5.large': 0.152,
  'r5.xlarge': 0.304,
};

const COMMON_AWS = {
  eksClusterHour: 0.1,
  publicIpv4InUseHour: 0.005,
  publicIpv4IdleHour: 0.005,
  kmsKeyMonth: 1,
  route53ZoneMonth: 0.5,
  secretsManagerSecretMonth: 0.4,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
};

const US: AwsRegionPrices = {
  ...COMMON_AWS,
  ec2: EC2_US,
  ebs: {
    gp2: 0.1,
    gp3: 0.08,
    io1: 0.125,
    io2: 0.125,
    st1: 0.045,
    sc1: 0.015,
    standard: 0.05,
    gp3Iops: 0.005,
    gp3Throughput: 0.04,
    io1Iops: 0.065,
    io2IopsTiers: [0.065, 0.0455, 0.032],
  },
  rds: {
    instances: {
      mysql: {
        'db.t3.micro': 0.017,
        'db.t3.small': 0.034,
        'db.t3.medium': 0.068,
        'db.t3.large': 0.136,
        'db.t4g.micro': 0.016,
        'db.t4g.small': 0.032,
        'db.t4g.medium': 0.065,
        'db.m5.large': 0.171,
        'db.m5.xlarge': 0.342,
        'db.m6g.large': 0.152,
        'db.m6i.large': 0.171,
        'db.r5.large': 0.24,
        'db.r6g.large': 0.215,
      },
      postgres: {
        'db.t3.micro': 0.018,
        'db.t3.small': 0.036,
        'db.t3.medium': 0.072,
        'db.t3.large': 0.145,
        'db.t4g.micro': 0.016,
        'db.t4g.small': 0.032,
        'db.t4g.medium': 0.065,
        'db.m5.large': 0.178,
        'db.m5.xlarge': 0.356,
        'db.m6g.large': 0.159,
        'db.m6i.large': 0.178,
        'db.r5.large': 0.25,
        'db.r6g.large': 0.225,
      },
    },
    storage: { gp2: 0.115, gp3: 0.115, io1: 0.125, io2: 0.125, standard: 0.1 },
    iops: 0.1,
    // https://aws.amazon.com/rds/mysql/pricing/ (Extended Support, US East), read 2026-12-07
    extendedSupportVcpuHour: { year12: 0.1, year3: 0.2 },
  },
  elasticache: {
    'cache.t3.micro': 0.017,
    'cache.t3.small': 0.034,
    'cache.t3.medium': 0.068,
    'cache.t4g.micro': 0.016,
    'cache.t4g.small': 0.032,
    'cache.t4g.medium': 0.065,
    'cache.m5.large': 0.156,
    'cache.m6g.large': 0.149,
    'cache.r5.large': 0.216,
    'cache.r6g.large': 0.206,
  },
  natGatewayHour: 0.045,
  natGatewayPerGb: 0.045,
  albHour: 0.0225,
  nlbHour: 0.0225,
  gwlbHour: 0.0125,
  classicElbHour: 0.025,
  s3StandardGbMonth: 0.023,
  logsIngestPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  services: AWS_SERVICES_US,
};

const EU_WEST_1: AwsRegionPrices = {
  ...COMMON_AWS,
  ec2: EC2_EU_WEST_1,
  ebs: {
    gp2: 0.11,
    gp3: 0.088,
    io1: 0.138,
    io2: 0.138,
    st1: 0.05,
    sc1: 0.0168,
    standard: 0.055,
    gp3Iops: 0.0055,
    gp3Throughput: 0.044,
    io1Iops: 0.072,
    io2IopsTiers: [0.072, 0.0504, 0.0353],
  },
  rds: {
    instances: {
      mysql: {
        'db.t3.micro': 0.018,
        'db.t3.small': 0.036,
        'db.t3.medium': 0.072,
        'db.t3.large': 0.144,
        'db.m5.large': 0.19,
        'db.r5.large': 0.27,
      },
      postgres: {
        'db.t3.micro': 0.019,
        'db.t3.small': 0.038,
        'db.t3.medium': 0.076,
        'db.t3.large': 0.152,
        'db.m5.large': 0.197,
        'db.r5.large': 0.28,
      },
    },
    storage: { gp2: 0.127, gp3: 0.127, io1: 0.138, io2: 0.138, standard: 0.11 },
    iops: 0.11,
  },
  elasticache: {
    'cache.t3.micro': 0.018,
    'cache.t3.small': 0.036,
    'cache.t3.medium': 0.073,
    'cache.m5.large': 0.17,
    'cache.r5.large': 0.24,
  },
  natGatewayHour: 0.048,
  natGatewayPerGb: 0.048,
  albHour: 0.0252,
  nlbHour: 0.0252,
  gwlbHour: 0.014,
  classicElbHour: 0.028,
  s3StandardGbMonth: 0.023,
  logsIngestPerGb: 0.57,
  logsStoragePerGbMonth: 0.03,
  services: AWS_SERVICES_EU_WEST_1,
};

const EU_CENTRAL_1: AwsRegionPrices = {
  ...COMMON_AWS,
  ec2: EC2_EU_CENTRAL_1,
  ebs: {
    gp2: 0.119,
    gp3: 0.0952,
    io1: 0.149,
    io2: 0.149,
    st1: 0.054,
    sc1: 0.018,
    standard: 0.059,
    gp3Iops: 0.006,
    gp3Throughput: 0.048,
    io1Iops: 0.078,
    io2IopsTiers: [0.078, 0.0546, 0.0382],
  },
  rds: {
    instances: {
      mysql: {
        'db.t3.micro': 0.02,
        'db.t3.small': 0.04,
        'db.t3.medium': 0.08,
        'db.t3.large': 0.16,
        'db.m5.large': 0.214,
        'db.r5.large': 0.3,
      },
      postgres: {
        'db.t3.micro': 0.021,
        'db.t3.small': 0.041,
        'db.t3.medium': 0.082,
        'db.t3.large': 0.164,
        'db.m5.large': 0.222,
        'db.r5.large': 0.315,
      },
    },
    storage: {
      gp2: 0.137,
      gp3: 0.137,
      io1: 0.149,
      io2: 0.149,
      standard: 0.117,
    },
    iops: 0.119,
  },
  elasticache: {
    'cache.t3.micro': 0.019,
    'cache.t3.small': 0.038,
    'cache.t3.medium': 0.075,
    'cache.m5.large': 0.179,
    'cache.r5.large': 0.252,
  },
  natGatewayHour: 0.052,
  natGatewayPerGb: 0.052,
  albHour: 0.027,
  nlbHour: 0.027,
  gwlbHour: 0.015,
  classicElbHour: 0.03,
  s3StandardGbMonth: 0.0245,
  logsIngestPerGb: 0.63,
  logsStoragePerGbMonth: 0.0324,
  services: AWS_SERVICES_EU_CENTRAL_1,
};

/**
 * GCP prices that are the same in us-central1 and europe-west1, transcribed
 * 2026-12-07 from https://cloud.google.com/kms/pricing (software key
 * version), https://cloud.google.com/storage/pricing (Standard, regional)
 * and https://cloud.google.com/artifact-registry/pricing (storage beyond the
 * free 0.5 GB).
 */
const GCP_SERVICES = {
  kmsKeyVersionMonth: 0.06,
  gcsStandardGbMonth: 0.02,
  artifactRegistryGbMonth: 0.1,
};

const GCP_US_CENTRAL1: GcpRegionPrices = {
  machines: {
    'e2-micro': 0.008376,
    'e2-small': 0.016751,
    'e2-medium': 0.033503,
    'e2-standard-2': 0.067006,
    'e2-standard-4': 0.134012,
    'e2-standard-8': 0.268024,
    'n1-standard-1': 0.0475,
    'n1-standard-2': 0.095,
    'n1-standard-4': 0.19,
    'n2-standard-2': 0.097118,
    'n2-standard-4': 0.194236,
    'n2d-standard-2': 0.084492,
  },
  disks: { 'pd-standard': 0.04, 'pd-balanced': 0.1, 'pd-ssd': 0.17 },
  ...GCP_SERVICES,
  // https://cloud.google.com/sql/pricing (Iowa, Enterprise edition, dedicated
  // core), transcribed 2026-12-07. Only us-central1: the other regions' rates
  // were not at hand, and a missing price is reported, never guessed.
  cloudSql: {
    vcpuHour: 0.0413,
    memoryGbHour: 0.007,
    ssdGbMonth: 0.17,
    hddGbMonth: 0.09,
  },
  services: GCP_SERVICES_US_CENTRAL1,
};

const GCP_EUROPE_WEST1: GcpRegionPrices = {
  machines: {
    'e2-micro': 0.009213,
    'e2-small': 0.018426,
    'e2-medium': 0.036852,
    'e2-standard-2': 0.073705,
    'e2-standard-4': 0.14741,
    'n1-standard-1': 0.0523,
    'n1-standard-2': 0.1046,
    'n2-standard-2': 0.106832,
  },
  disks: { 'pd-standard': 0.04, 'pd-balanced': 0.1, 'pd-ssd': 0.17 },
  ...GCP_SERVICES,
  services: GCP_SERVICES_EUROPE_WEST1,
};

const AZURE_DISKS_EASTUS: Record<string, number> = {
  P4: 5.28,
  P6: 10.21,
  P10: 19.71,
  P15: 37.96,
  P20: 73.22,
  P30: 135.17,
  E4: 2.4,
  E6: 4.8,
  E10: 9.6,
  E15: 19.2,
  E20: 38.4,
  E30: 76.8,
  S4: 1.54,
  S6: 3.01,
  S10: 5.89,
  S15: 11.33,
  S20: 21.76,
  S30: 40.96,
};

/*
 * Container Registry: a daily price per SKU with storage included (10, 100
 * and 500 GiB), the same in every region. Source: the Container Registry
 * price page (https://azure.microsoft.com/pricing/details/container-registry/).
 * Basic's $0.167 per day is quoted by Microsoft Learn's "Azure Container
 * Registry service tiers"; Standard's and Premium's are the price page's
 * long-standing list prices. Added 2026-12-07 without re-reading the Retail
 * Prices API, which the build machines cannot reach: check them (--prices).
 */
const AZURE_CONTAINER_REGISTRY_DAY = {
  Basic: 0.167,
  Standard: 0.667,
  Premium: 1.667,
};

/*
 * Service Bus: Standard's base charge of $0.0135 an hour (about $9.86 a
 * month, 13 million operations included, more are usage) and Premium's $0.928
 * an hour per messaging unit (about $677 a month, operations included), the
 * same in every priced region. Source: the Service Bus price page
 * (https://azure.microsoft.com/pricing/details/service-bus/), list prices
 * added 2026-12-07 without re-reading the Retail Prices API, which the build
 * machines cannot reach: check them (--prices).
 */
const AZURE_SERVICE_BUS_HOUR = { Standard: 0.0135, Premium: 0.928 };

const AZURE_EASTUS: AzureRegionPrices = {
  vms: {
    Standard_B1s: 0.0104,
    Standard_B1ms: 0.0207,
    Standard_B2s: 0.0416,
    Standard_B2ms: 0.0832,
    Standard_B4ms: 0.166,
    Standard_D2s_v3: 0.096,
    Standard_D4s_v3: 0.192,
    Standard_D2s_v5: 0.096,
    Standard_D4s_v5: 0.192,
    Standard_D2as_v5: 0.086,
    Standard_E2s_v5: 0.126,
    Standard_F2s_v2: 0.0846,
  },
  diskTiers: AZURE_DISKS_EASTUS,
  firewallHour: { Basic: 0.395, Standard: 1.25, Premium: 1.75 },
  publicIpHour: { Basic: 0.0036, Standard: 0.005 },
  containerRegistryDay: AZURE_CONTAINER_REGISTRY_DAY,
  serviceBusHour: AZURE_SERVICE_BUS_HOUR,
  services: AZURE_SERVICES_EASTUS,
};

const AZURE_WESTEUROPE: AzureRegionPrices = {
  vms: {
    Standard_B1s: 0.0118,
    Standard_B2s: 0.048,
    Standard_D2s_v3: 0.115,
    Standard_D4s_v3: 0.23,
    Standard_D2s_v5: 0.115,
    Standard_D4s_v5: 0.23,
  },
  diskTiers: {
    P4: 5.81,
    P6: 11.23,
    P10: 21.68,
    P15: 41.76,
    P20: 80.54,
    P30: 148.69,
    E4: 2.64,
    E6: 5.28,
    E10: 10.56,
    E15: 21.12,
    E20: 42.24,
    E30: 84.48,
    S4: 1.69,
    S6: 3.31,
    S10: 6.48,
    S15: 12.46,
    S20: 23.94,
    S30: 45.06,
  },
  firewallHour: { Basic: 0.395, Standard: 1.25, Premium: 1.75 },
  publicIpHour: { Basic: 0.0036, Standard: 0.005 },
  containerRegistryDay: AZURE_CONTAINER_REGISTRY_DAY,
  serviceBusHour: AZURE_SERVICE_BUS_HOUR,
  services: AZURE_SERVICES_WESTEUROPE,
};

export const DEFAULT_PRICE_TABLE: PriceTable = {
  date: PRICE_TABLE_DATE,
  currency: 'USD',
  hoursPerMonth: 730,
  sources: [
    'https://aws.amazon.com/ec2/pricing/on-demand/',
    'https://aws.amazon.com/ebs/pricing/',
    'https://aws.amazon.com/rds/mysql/pricing/ and /rds/postgresql/pricing/',
    'https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4)',
    'https://aws.amazon.com/elasticloadbalancing/pricing/',
    'https://aws.amazon.com/eks/pricing/',
    'https://aws.amazon.com/elasticache/pricing/',
    'https://aws.amazon.com/kms/pricing/',
    'https://aws.amazon.com/lambda/pricing/, /s3/pricing/, /cloudwatch/pricing/',
    'https://cloud.google.com/compute/vm-instance-pricing and /compute/disks-image-pricing',
    'https://cloud.google.com/sql/pricing, /kms/pricing, /storage/pricing, /artifact-registry/pricing (2026-12-07)',
    'https://azure.microsoft.com/pricing/details/virtual-machines/linux/',
    'https://azure.microsoft.com/pricing/details/managed-disks/',
    'https://azure.microsoft.com/pricing/details/azure-firewall/',
    'https://azure.microsoft.com/pricing/details/ip-addresses/',
    'https://azure.microsoft.com/pricing/details/container-registry/',
    'https://azure.microsoft.com/pricing/details/service-bus/',
    'https://cloud.google.com/pubsub/pricing (usage only)',
  ],
  aws: {
    'us-east-1': US,
    'us-west-2': US,
    'eu-west-1': EU_WEST_1,
    'eu-central-1': EU_CENTRAL_1,
  },
  gcp: {
    'us-central1': GCP_US_CENTRAL1,
    'europe-west1': GCP_EUROPE_WEST1,
  },
  azure: {
    eastus: AZURE_EASTUS,
    westeurope: AZURE_WESTEUROPE,
  },
};
