import type {
  AwsServicePrices,
  AzureServicePrices,
  GcpServicePrices,
} from './serviceTypes';

/*
 * Service prices beyond the original table: on-demand / pay-as-you-go USD
 * list prices as published on the providers' price pages (listed in the
 * README's "Cost estimate" section and docs/pricing.md). Transcribed
 * 2026-12-07 from the published list prices, without re-reading the pages
 * or price APIs, which the build machines cannot reach: check the ones
 * that matter to you and override them with --prices. A region lists only
 * the prices known for it; anything missing is reported unpriced.
 */

/**
 * AWS, us-east-1 (us-west-2 lists the same), read 2026-12-07 from
 * aws.amazon.com/{fargate,rds/aurora,dynamodb,sqs,sns,cloudfront,
 * api-gateway,cloudwatch,privatelink,vpn,transit-gateway,ecr,efs,kinesis,
 * msk,amazon-mq,redshift,opensearch-service,documentdb,neptune,elasticache,
 * step-functions,waf,route53,cloudtrail,config,backup,lambda,
 * aws-transfer-family,directoryservice,global-accelerator,codebuild,
 * systems-manager,sagemaker,glue,athena,network-firewall,
 * private-ca,ebs,eventbridge,appsync}/pricing/.
 */
export const AWS_SERVICES_US: AwsServicePrices = {
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  auroraInstances: {
    'aurora-mysql': {
      'db.t3.medium': 0.082,
      'db.t4g.medium': 0.073,
      'db.r5.large': 0.29,
      'db.r5.xlarge': 0.58,
      'db.r6g.large': 0.26,
      'db.r6g.xlarge': 0.519,
    },
    'aurora-postgresql': {
      'db.t3.medium': 0.082,
      'db.t4g.medium': 0.073,
      'db.r5.large': 0.29,
      'db.r5.xlarge': 0.58,
      'db.r6g.large': 0.26,
      'db.r6g.xlarge': 0.519,
    },
  },
  auroraAcuHour: 0.12,
  auroraStorageGbMonth: 0.1,
  auroraIoPerMillion: 0.2,
  dynamodbWcuHour: 0.00065,
  dynamodbRcuHour: 0.00013,
  // On-demand throughput, after the 2024-11-01 price reduction.
  dynamodbWritePerMillion: 0.625,
  dynamodbReadPerMillion: 0.125,
  dynamodbStorageGbMonth: 0.25,
  sqsStandardPerMillion: 0.4,
  sqsFifoPerMillion: 0.5,
  snsPublishPerMillion: 0.5,
  cloudfrontPerGb: 0.085,
  cloudfrontHttpsPer10k: 0.01,
  apiGatewayRestPerMillion: 3.5,
  apiGatewayHttpPerMillion: 1,
  apiGatewayWebsocketPerMillion: 1,
  cloudwatchAlarmMonth: 0.1,
  cloudwatchHighResolutionAlarmMonth: 0.3,
  cloudwatchCompositeAlarmMonth: 0.5,
  cloudwatchDashboardMonth: 3,
  vpcEndpointHour: 0.01,
  vpcEndpointPerGb: 0.01,
  vpnConnectionHour: 0.05,
  transitGatewayAttachmentHour: 0.05,
  transitGatewayPerGb: 0.02,
  ecrStorageGbMonth: 0.1,
  efsStandardGbMonth: 0.3,
  kinesisShardHour: 0.015,
  kinesisPutPerMillion: 0.014,
  kinesisOnDemandStreamHour: 0.04,
  kinesisOnDemandPerGbIn: 0.08,
  firehosePerGb: 0.029,
  mskBrokers: {
    'kafka.t3.small': 0.0456,
    'kafka.m5.large': 0.21,
    'kafka.m5.xlarge': 0.42,
    'kafka.m5.2xlarge': 0.84,
  },
  mskStorageGbMonth: 0.1,
  mqActiveMqBrokers: {
    'mq.t3.micro': 0.03,
    'mq.m5.large': 0.288,
    'mq.m5.xlarge': 0.576,
  },
  mqEfsGbMonth: 0.3,
  mqEbsGbMonth: 0.1,
  redshiftNodes: {
    'dc2.large': 0.25,
    'dc2.8xlarge': 4.8,
    'ra3.xlplus': 1.086,
    'ra3.4xlarge': 3.26,
    'ra3.16xlarge': 13.04,
  },
  redshiftManagedStorageGbMonth: 0.024,
  opensearchInstances: {
    't3.small.search': 0.036,
    't3.medium.search': 0.073,
    'm5.large.search': 0.142,
    'm6g.large.search': 0.128,
    'r5.large.search': 0.186,
    'r6g.large.search': 0.167,
  },
  opensearchGp2GbMonth: 0.135,
  opensearchGp3GbMonth: 0.122,
  docdbInstances: { 'db.t3.medium': 0.078, 'db.r5.large': 0.277 },
  docdbStorageGbMonth: 0.1,
  docdbIoPerMillion: 0.2,
  neptuneInstances: { 'db.t3.medium': 0.098, 'db.r5.large': 0.348 },
  neptuneStorageGbMonth: 0.1,
  neptuneIoPerMillion: 0.2,
  elasticacheServerlessGbHour: 0.125,
  elasticacheServerlessPerMillionEcpu: 0.0034,
  sfnPer1000Transitions: 0.025,
  sfnExpressPerMillion: 1,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.6,
  route53HealthCheckAwsMonth: 0.5,
  route53HealthCheckOtherMonth: 0.75,
  route53HealthCheckFeatureAwsMonth: 1,
  route53HealthCheckFeatureOtherMonth: 2,
  route53ResolverEniHour: 0.125,
  route53ResolverPerMillionQueries: 0.4,
  cloudtrailManagementPer100k: 2,
  cloudtrailDataPer100k: 0.1,
  configRuleEvaluation: 0.001,
  backupWarmGbMonth: 0.05,
  lambdaProvisionedGbSecond: 0.0000041667,
  transferProtocolHour: 0.3,
  transferPerGb: 0.04,
  // Per domain controller (a directory runs two).
  directoryHour: {
    SimpleAD: { Small: 0.05, Large: 0.15 },
    ADConnector: { Small: 0.05, Large: 0.15 },
    MicrosoftAD: { Standard: 0.06, Enterprise: 0.2 },
  },
  clientVpnAssociationHour: 0.1,
  clientVpnConnectionHour: 0.05,
  globalAcceleratorHour: 0.025,
  codebuildLinuxMinute: {
    BUILD_GENERAL1_SMALL: 0.005,
    BUILD_GENERAL1_MEDIUM: 0.01,
    BUILD_GENERAL1_LARGE: 0.02,
  },
  ssmAdvancedParameterMonth: 0.05,
  sagemakerNotebookHour: {
    'ml.t3.medium': 0.05,
    'ml.t3.large': 0.1,
    'ml.t3.xlarge': 0.2,
    'ml.m5.xlarge': 0.23,
  },
  glueDpuHour: 0.44,
  athenaPerTb: 5,
  networkFirewallEndpointHour: 0.395,
  networkFirewallPerGb: 0.065,
  privateCaMonth: { GENERAL_PURPOSE: 400, SHORT_LIVED_CERTIFICATE: 50 },
  ebsSnapshotGbMonth: 0.05,
  flowLogsToCloudwatchPerGb: 0.5,
  flowLogsToS3PerGb: 0.25,
  eventBridgeCustomPerMillion: 1,
  appsyncPerMillion: 4,
};

/**
 * AWS prices that are the same in eu-west-1 and eu-central-1 as in the US
 * regions (read 2026-12-07 from the same pages); the regional ones
 * (instances, storage, Fargate, ...) are not transcribed for Europe yet.
 */
const AWS_SERVICES_SAME_EVERYWHERE: AwsServicePrices = {
  sqsStandardPerMillion: 0.4,
  sqsFifoPerMillion: 0.5,
  snsPublishPerMillion: 0.5,
  cloudwatchAlarmMonth: 0.1,
  cloudwatchHighResolutionAlarmMonth: 0.3,
  cloudwatchCompositeAlarmMonth: 0.5,
  cloudwatchDashboardMonth: 3,
  sfnPer1000Transitions: 0.025,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.6,
  route53HealthCheckAwsMonth: 0.5,
  route53HealthCheckOtherMonth: 0.75,
  route53HealthCheckFeatureAwsMonth: 1,
  route53HealthCheckFeatureOtherMonth: 2,
  cloudtrailManagementPer100k: 2,
  cloudtrailDataPer100k: 0.1,
  configRuleEvaluation: 0.001,
  globalAcceleratorHour: 0.025,
  glueDpuHour: 0.44,
  athenaPerTb: 5,
  privateCaMonth: { GENERAL_PURPOSE: 400, SHORT_LIVED_CERTIFICATE: 50 },
  eventBridgeCustomPerMillion: 1,
};

export const AWS_SERVICES_EU_WEST_1: AwsServicePrices = {
  ...AWS_SERVICES_SAME_EVERYWHERE,
  ebsSnapshotGbMonth: 0.05,
};

export const AWS_SERVICES_EU_CENTRAL_1: AwsServicePrices = {
  ...AWS_SERVICES_SAME_EVERYWHERE,
  ebsSnapshotGbMonth: 0.054,
};

/**
 * GCP prices that are the same in us-central1 and europe-west1, read
 * 2026-12-07 from cloud.google.com/{kubernetes-engine,vpc/network-pricing,
 * nat,run,functions,pubsub,bigquery,dns,secret-manager,stackdriver,
 * network-connectivity/docs/vpn,compute/disks-image}/pricing.
 */
const GCP_SERVICES_SAME_EVERYWHERE: GcpServicePrices = {
  gkeClusterHour: 0.1,
  staticIpHour: 0.005,
  staticIpIdleHour: 0.01,
  routerNatVmHour: 0.0014,
  routerNatMaxHour: 0.044,
  routerNatPerGb: 0.045,
  forwardingRuleHour: 0.025,
  forwardingRuleAdditionalHour: 0.01,
  lbIngressPerGb: 0.008,
  cloudRunPerMillionRequests: 0.4,
  cloudRunVcpuSecond: 0.000024,
  cloudRunGibSecond: 0.0000025,
  functionsPerMillionInvocations: 0.4,
  functionsPer100ms: {
    '128': 0.000000231,
    '256': 0.000000463,
    '512': 0.000000925,
    '1024': 0.00000165,
    '2048': 0.0000029,
  },
  pubsubPerTib: 40,
  pubsubStorageGibMonth: 0.27,
  bigqueryPerTib: 6.25,
  bigqueryActiveGbMonth: 0.02,
  bigqueryLongTermGbMonth: 0.01,
  dnsZoneMonth: 0.2,
  secretVersionMonth: 0.06,
  secretPer10kAccess: 0.03,
  loggingPerGib: 0.5,
  vpnTunnelHour: 0.05,
  snapshotGbMonth: 0.05,
};

/** us-central1 (Iowa) adds Memorystore and Spanner (read 2026-12-07). */
export const GCP_SERVICES_US_CENTRAL1: GcpServicePrices = {
  ...GCP_SERVICES_SAME_EVERYWHERE,
  redisGbHour: {
    BASIC: { M1: 0.049, M2: 0.027, M3: 0.023, M4: 0.019, M5: 0.016 },
    STANDARD_HA: { M1: 0.064, M2: 0.054, M3: 0.046, M4: 0.035, M5: 0.03 },
  },
  spannerNodeHour: 0.9,
  spannerStorageGbMonth: 0.3,
};

export const GCP_SERVICES_EUROPE_WEST1: GcpServicePrices = {
  ...GCP_SERVICES_SAME_EVERYWHERE,
};

/**
 * Azure prices that are the same in eastus and westeurope, read 2026-12-07
 * from azure.microsoft.com/pricing/details/{kubernetes-service,dns,
 * key-vault,private-link,functions,vpn-gateway,monitor}/.
 */
const AZURE_SERVICES_SAME_EVERYWHERE: AzureServicePrices = {
  aksTierHour: { Free: 0, Standard: 0.1, Premium: 0.6 },
  dnsZoneMonth: 0.5,
  privateDnsZoneMonth: 0.5,
  keyVaultPer10kOperations: 0.03,
  privateEndpointHour: 0.01,
  privateEndpointPerGb: 0.01,
  functionsPerMillionExecutions: 0.2,
  functionsGbSecond: 0.000016,
  vnetGatewayHour: { Basic: 0.036, VpnGw1: 0.19, VpnGw2: 0.49, VpnGw3: 1.25 },
  monitorMetricAlertMonth: 0.1,
};

/**
 * eastus adds the regional prices, read 2026-12-07 from
 * azure.microsoft.com/pricing/details/{virtual-machines/windows,
 * app-service/linux,app-service/windows,azure-sql-database/single,
 * cosmos-db,storage/blobs,load-balancer,application-gateway,nat-gateway,
 * monitor,event-hubs,api-management,azure-bastion,virtual-network,
 * managed-disks}/.
 */
export const AZURE_SERVICES_EASTUS: AzureServicePrices = {
  ...AZURE_SERVICES_SAME_EVERYWHERE,
  windowsVms: {
    Standard_D2s_v3: 0.188,
    Standard_D4s_v3: 0.376,
    Standard_D2s_v5: 0.188,
    Standard_D4s_v5: 0.376,
  },
  appServicePlanHour: {
    linux: { B1: 0.017, B2: 0.034, B3: 0.067, S1: 0.095, S2: 0.19, S3: 0.38 },
    windows: { B1: 0.075, B2: 0.15, B3: 0.3, S1: 0.1, S2: 0.2, S3: 0.4 },
  },
  sqlDatabaseDtuMonth: {
    Basic: 4.9,
    S0: 14.72,
    S1: 29.43,
    S2: 73.58,
    S3: 147.17,
  },
  cosmosPer100RuHour: 0.008,
  cosmosStorageGbMonth: 0.25,
  cosmosServerlessPerMillionRu: 0.25,
  storageHotLrsGbMonth: 0.0184,
  lbStandardRuleHour: 0.025,
  lbPerGb: 0.005,
  appGatewayHour: { Standard_v2: 0.2, WAF_v2: 0.36 },
  appGatewayCapacityUnitHour: { Standard_v2: 0.008, WAF_v2: 0.0144 },
  natGatewayHour: 0.045,
  natGatewayPerGb: 0.045,
  logAnalyticsPerGb: 2.3,
  appInsightsPerGb: 2.3,
  eventHubThroughputUnitHour: { Basic: 0.015, Standard: 0.03 },
  eventHubPerMillionEvents: 0.028,
  apiManagementHour: {
    Developer: 0.0658,
    Basic: 0.2016,
    Standard: 0.9407,
    Premium: 3.829,
  },
  apiManagementConsumptionPerMillion: 3.5,
  bastionHour: { Basic: 0.19, Standard: 0.29 },
  vnetPeeringPerGb: 0.01,
  snapshotGbMonth: 0.05,
  // Read off Infracost's golden test output for eastus (redis_cache_test),
  // 2026-12-07: only these SKUs; others are reported unpriced.
  redisCacheNodeHour: {
    Basic_C4: 0.21,
    Standard_C3: 0.225,
    Premium_P1: 0.277,
    Premium_P2: 0.555,
    Premium_P3: 1.109,
  },
};

export const AZURE_SERVICES_WESTEUROPE: AzureServicePrices = {
  ...AZURE_SERVICES_SAME_EVERYWHERE,
};
