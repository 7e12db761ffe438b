/**
 * Prices of the services priced per type beyond compute, disks and the
 * original set (see docs/pricing.md). Every field is optional: a region
 * lists only the prices that were transcribed for it, and a pricer whose
 * price is missing reports the resource unpriced with that reason.
 */
type HourlyPrices = Record<string, number>;

export interface AwsServicePrices {
  /** Fargate (Linux/x86): USD per vCPU-hour and per GB-hour of memory. */
  fargateVcpuHour?: number;
  fargateGbHour?: number;
  /** Aurora instance hours by engine (`aurora-mysql`, `aurora-postgresql`), then class. */
  auroraInstances?: Record<string, HourlyPrices>;
  /** Aurora Serverless v2: USD per ACU-hour. */
  auroraAcuHour?: number;
  /** Aurora Standard storage, USD per GB-month, and I/O per million requests. */
  auroraStorageGbMonth?: number;
  auroraIoPerMillion?: number;
  /** DynamoDB provisioned capacity: USD per WCU-hour and RCU-hour. */
  dynamodbWcuHour?: number;
  dynamodbRcuHour?: number;
  /** DynamoDB on-demand: USD per million write and read request units. */
  dynamodbWritePerMillion?: number;
  dynamodbReadPerMillion?: number;
  dynamodbStorageGbMonth?: number;
  sqsStandardPerMillion?: number;
  sqsFifoPerMillion?: number;
  snsPublishPerMillion?: number;
  /** CloudFront, North America: USD per GB to the internet (first 10 TB) and per 10,000 HTTPS requests. */
  cloudfrontPerGb?: number;
  cloudfrontHttpsPer10k?: number;
  /** API Gateway REST APIs (first 333 million), HTTP APIs (first 300 million), WebSocket messages (first billion). */
  apiGatewayRestPerMillion?: number;
  apiGatewayHttpPerMillion?: number;
  apiGatewayWebsocketPerMillion?: number;
  cloudwatchAlarmMonth?: number;
  cloudwatchHighResolutionAlarmMonth?: number;
  cloudwatchCompositeAlarmMonth?: number;
  cloudwatchDashboardMonth?: number;
  /** Interface VPC endpoint: USD per endpoint-hour per AZ (subnet), per GB processed. */
  vpcEndpointHour?: number;
  vpcEndpointPerGb?: number;
  vpnConnectionHour?: number;
  transitGatewayAttachmentHour?: number;
  transitGatewayPerGb?: number;
  ecrStorageGbMonth?: number;
  efsStandardGbMonth?: number;
  /** Kinesis Data Streams provisioned: shard-hour, million PUT payload units; on-demand: stream-hour, GB in. */
  kinesisShardHour?: number;
  kinesisPutPerMillion?: number;
  kinesisOnDemandStreamHour?: number;
  kinesisOnDemandPerGbIn?: number;
  firehosePerGb?: number;
  mskBrokers?: HourlyPrices;
  mskStorageGbMonth?: number;
  /** Amazon MQ for ActiveMQ, single-instance broker hours. */
  mqActiveMqBrokers?: HourlyPrices;
  mqEfsGbMonth?: number;
  mqEbsGbMonth?: number;
  redshiftNodes?: HourlyPrices;
  redshiftManagedStorageGbMonth?: number;
  /** OpenSearch instance hours by instance type (`.search` names). */
  opensearchInstances?: HourlyPrices;
  opensearchGp2GbMonth?: number;
  opensearchGp3GbMonth?: number;
  docdbInstances?: HourlyPrices;
  docdbStorageGbMonth?: number;
  docdbIoPerMillion?: number;
  neptuneInstances?: HourlyPrices;
  neptuneStorageGbMonth?: number;
  neptuneIoPerMillion?: number;
  /** ElastiCache Serverless for Redis OSS: GB-hour stored (1 GB minimum), million ECPUs. */
  elasticacheServerlessGbHour?: number;
  elasticacheServerlessPerMillionEcpu?: number;
  sfnPer1000Transitions?: number;
  sfnExpressPerMillion?: number;
  wafWebAclMonth?: number;
  wafRuleMonth?: number;
  wafPerMillionRequests?: number;
  /** Route 53 health checks: AWS / non-AWS endpoint, and each optional feature. */
  route53HealthCheckAwsMonth?: number;
  route53HealthCheckOtherMonth?: number;
  route53HealthCheckFeatureAwsMonth?: number;
  route53HealthCheckFeatureOtherMonth?: number;
  route53ResolverEniHour?: number;
  route53ResolverPerMillionQueries?: number;
  cloudtrailManagementPer100k?: number;
  cloudtrailDataPer100k?: number;
  configRuleEvaluation?: number;
  backupWarmGbMonth?: number;
  /** Lambda provisioned concurrency: USD per GB-second provisioned. */
  lambdaProvisionedGbSecond?: number;
  transferProtocolHour?: number;
  transferPerGb?: number;
  /** Directory Service per domain controller-hour by type (`SimpleAD`, `ADConnector`: by size; `MicrosoftAD`: by edition). */
  directoryHour?: Record<string, HourlyPrices>;
  clientVpnAssociationHour?: number;
  clientVpnConnectionHour?: number;
  globalAcceleratorHour?: number;
  /** CodeBuild Linux on-demand, USD per build minute by compute type. */
  codebuildLinuxMinute?: HourlyPrices;
  ssmAdvancedParameterMonth?: number;
  sagemakerNotebookHour?: HourlyPrices;
  glueDpuHour?: number;
  athenaPerTb?: number;
  networkFirewallEndpointHour?: number;
  networkFirewallPerGb?: number;
  /** Private CA by usage mode (`GENERAL_PURPOSE`, `SHORT_LIVED_CERTIFICATE`). */
  privateCaMonth?: Record<string, number>;
  ebsSnapshotGbMonth?: number;
  /** VPC flow logs delivered to CloudWatch Logs / S3 (first 10 TB), per GB. */
  flowLogsToCloudwatchPerGb?: number;
  flowLogsToS3PerGb?: number;
  eventBridgeCustomPerMillion?: number;
  appsyncPerMillion?: number;
}

export interface GcpServicePrices {
  gkeClusterHour?: number;
  /** External static IP: in use by a VM / reserved but not in use. */
  staticIpHour?: number;
  staticIpIdleHour?: number;
  routerNatVmHour?: number;
  routerNatMaxHour?: number;
  routerNatPerGb?: number;
  /** Forwarding rules: the first 5 of a project and region together, by the hour. */
  forwardingRuleHour?: number;
  /** Each forwarding rule beyond the first 5, by the hour. */
  forwardingRuleAdditionalHour?: number;
  lbIngressPerGb?: number;
  /** Memorystore for Redis, USD per GB-hour by tier (`BASIC`, `STANDARD_HA`) then capacity band (`M1`..`M5`). */
  redisGbHour?: Record<string, Record<string, number>>;
  cloudRunPerMillionRequests?: number;
  cloudRunVcpuSecond?: number;
  cloudRunGibSecond?: number;
  /** Cloud Functions (1st gen): invocations, and USD per 100 ms by memory MB. */
  functionsPerMillionInvocations?: number;
  functionsPer100ms?: Record<string, number>;
  pubsubPerTib?: number;
  pubsubStorageGibMonth?: number;
  bigqueryPerTib?: number;
  bigqueryActiveGbMonth?: number;
  bigqueryLongTermGbMonth?: number;
  dnsZoneMonth?: number;
  spannerNodeHour?: number;
  spannerStorageGbMonth?: number;
  secretVersionMonth?: number;
  secretPer10kAccess?: number;
  loggingPerGib?: number;
  vpnTunnelHour?: number;
  snapshotGbMonth?: number;
}

export interface AzureServicePrices {
  aksTierHour?: Record<string, number>;
  /** Windows pay-as-you-go (licence included). */
  windowsVms?: HourlyPrices;
  /** App Service plan hours by OS (`linux`, `windows`) then SKU. */
  appServicePlanHour?: Record<string, HourlyPrices>;
  /** Azure SQL Database single database, DTU model: USD per month by service objective. */
  sqlDatabaseDtuMonth?: Record<string, number>;
  cosmosPer100RuHour?: number;
  cosmosStorageGbMonth?: number;
  cosmosServerlessPerMillionRu?: number;
  storageHotLrsGbMonth?: number;
  keyVaultPer10kOperations?: number;
  lbStandardRuleHour?: number;
  lbPerGb?: number;
  appGatewayHour?: Record<string, number>;
  appGatewayCapacityUnitHour?: Record<string, number>;
  natGatewayHour?: number;
  natGatewayPerGb?: number;
  privateEndpointHour?: number;
  privateEndpointPerGb?: number;
  dnsZoneMonth?: number;
  privateDnsZoneMonth?: number;
  logAnalyticsPerGb?: number;
  appInsightsPerGb?: number;
  functionsPerMillionExecutions?: number;
  functionsGbSecond?: number;
  vnetGatewayHour?: Record<string, number>;
  eventHubThroughputUnitHour?: Record<string, number>;
  eventHubPerMillionEvents?: number;
  apiManagementHour?: Record<string, number>;
  apiManagementConsumptionPerMillion?: number;
  bastionHour?: Record<string, number>;
  vnetPeeringPerGb?: number;
  monitorMetricAlertMonth?: number;
  snapshotGbMonth?: number;
  /** Azure Cache for Redis, USD per node-hour by `<sku>_<family><capacity>` (e.g. `Premium_P1`). */
  redisCacheNodeHour?: Record<string, number>;
}
