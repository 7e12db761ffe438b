import { asNumber, blocks } from '../../plan/values';
import type { CostComponent } from '../types';
import { diskTier } from './azureDisks';
import {
  component,
  fixedWithUsage,
  hourly,
  knownNumber,
  knownString,
  needHere,
  optNumber,
  optString,
  optional,
  own,
  price,
  priced,
  Pricer,
  PricingInput,
  regionPricesOf,
  UnpricedError,
  usageResult,
  UsageLine,
} from './common';

const region$ = (input: PricingInput) => regionPricesOf(input, 'azure');
const svc = (input: PricingInput) => region$(input).services;

/** VM hours by size: Linux from the VM table, Windows from the services table. */
function vmHour(input: PricingInput, size: string, os: 'linux' | 'windows') {
  return os === 'linux'
    ? price(region$(input).vms, size, 'VM size', input.region)
    : price(
        needHere(input, svc(input).windowsVms, 'Windows VMs'),
        size,
        'Windows VM size',
        input.region,
      );
}

/** One OS disk's monthly tier price (size from the image: 30 GB Linux, 127 GB Windows). */
function osDisk(
  input: PricingInput,
  count: number,
  defaultGb: number,
): CostComponent {
  const disk = blocks(optional(input, 'os_disk'))[0] ?? {};
  const type =
    typeof disk.storage_account_type === 'string'
      ? disk.storage_account_type
      : 'Standard_LRS';
  let gb = asNumber(disk.disk_size_gb ?? null);
  if (gb === undefined) {
    input.assume(`OS disk size comes from the image; assumed ${defaultGb} GB`);
    gb = defaultGb;
  }
  const tier = diskTier(type, gb);
  return component(
    `OS disks (${count} × ${type} ${tier})`,
    'disks',
    count,
    price(region$(input).diskTiers, tier, 'disk tier', input.region),
  );
}

const windowsVm: Pricer = input => {
  const size = knownString(input, 'size');
  if (!size) throw new UnpricedError('size is not set');
  return priced(
    hourly(
      input,
      `Virtual machine (${size}, Windows, pay-as-you-go)`,
      vmHour(input, size, 'windows'),
    ),
    osDisk(input, 1, 127),
  );
};

const scaleSet =
  (os: 'linux' | 'windows'): Pricer =>
  input => {
    const sku = knownString(input, 'sku');
    if (!sku) throw new UnpricedError('sku is not set');
    const instances = input.usage?.instances ?? knownNumber(input, 'instances');
    if (instances === undefined)
      throw new UnpricedError('instances is not set');
    return priced(
      hourly(
        input,
        `Instances (${instances} × ${sku}, ${os})`,
        vmHour(input, sku, os),
        instances,
      ),
      osDisk(input, instances, os === 'linux' ? 30 : 127),
    );
  };

const managedDisk: Pricer = input => {
  const type = knownString(input, 'storage_account_type');
  if (!type) throw new UnpricedError('storage_account_type is not set');
  const gb = knownNumber(input, 'disk_size_gb');
  if (gb === undefined) throw new UnpricedError('disk_size_gb is not set');
  const tier = diskTier(type, gb);
  input.assume(
    'disk transactions (Standard HDD/SSD) are usage and not included',
  );
  return priced(
    component(
      `Managed disk (${type} ${tier})`,
      'disks',
      1,
      price(region$(input).diskTiers, tier, 'disk tier', input.region),
    ),
  );
};

/** AKS: the tier's cluster fee plus the default node pool's VMs. */
const aksCluster: Pricer = input => {
  const tier = optString(input, 'sku_tier') ?? 'Free';
  const out = [
    hourly(
      input,
      `Cluster management (${tier} tier)`,
      price(
        needHere(input, svc(input).aksTierHour, 'AKS tiers'),
        tier,
        'AKS tier',
        input.region,
      ),
    ),
  ];
  const pool = blocks(optional(input, 'default_node_pool'))[0];
  const size =
    pool && typeof pool.vm_size === 'string' ? pool.vm_size : undefined;
  if (!size) throw new UnpricedError('default_node_pool.vm_size is not set');
  const nodes =
    input.usage?.instances ??
    asNumber(pool?.node_count ?? null) ??
    asNumber(pool?.min_count ?? null) ??
    1;
  input.assume('node OS disks are not included');
  out.push(
    hourly(
      input,
      `Default node pool (${nodes} × ${size})`,
      vmHour(input, size, 'linux'),
      nodes,
    ),
  );
  return priced(...out);
};

const aksNodePool: Pricer = input => {
  const size = knownString(input, 'vm_size');
  if (!size) throw new UnpricedError('vm_size is not set');
  const os = optString(input, 'os_type') === 'Windows' ? 'windows' : 'linux';
  const nodes =
    input.usage?.instances ??
    optNumber(input, 'node_count') ??
    optNumber(input, 'min_count') ??
    1;
  if (optString(input, 'priority') === 'Spot')
    throw new UnpricedError('spot node pools have no fixed price');
  input.assume('node OS disks are not included');
  return priced(
    hourly(
      input,
      `Nodes (${nodes} × ${size}, ${os})`,
      vmHour(input, size, os),
      nodes,
    ),
  );
};

/** App Service plans bill each worker by the hour, by SKU and OS. */
function appServicePlan(
  input: PricingInput,
  sku: string,
  os: string,
  workers: number,
) {
  if (sku === 'Y1') {
    input.assume('Consumption plan: executions are priced on the function app');
    return priced();
  }
  const table = own(
    needHere(input, svc(input).appServicePlanHour, 'App Service plans'),
    os,
  );
  return priced(
    hourly(
      input,
      `Plan workers (${workers} × ${sku}, ${os})`,
      price(table, sku, `${os} App Service SKU`, input.region),
      workers,
    ),
  );
}

const servicePlan: Pricer = input => {
  const sku = knownString(input, 'sku_name');
  if (!sku) throw new UnpricedError('sku_name is not set');
  const os = (optString(input, 'os_type') ?? 'Linux')
    .toLowerCase()
    .startsWith('windows')
    ? 'windows'
    : 'linux';
  return appServicePlan(input, sku, os, optNumber(input, 'worker_count') ?? 1);
};

const legacyAppServicePlan: Pricer = input => {
  const sku = blocks(optional(input, 'sku'))[0];
  const size = sku && typeof sku.size === 'string' ? sku.size : undefined;
  if (!size) throw new UnpricedError('sku.size is not set');
  const linux =
    optional(input, 'reserved') === true ||
    optString(input, 'kind') === 'Linux';
  return appServicePlan(
    input,
    size,
    linux ? 'linux' : 'windows',
    asNumber(sku?.capacity ?? null) ?? 1,
  );
};

const mssqlDatabase: Pricer = input => {
  const sku = knownString(input, 'sku_name');
  if (!sku)
    throw new UnpricedError(
      'sku_name is not set (elastic pool members are priced with the pool)',
    );
  const monthly = own(
    needHere(input, svc(input).sqlDatabaseDtuMonth, 'SQL Database DTU tiers'),
    sku,
  );
  if (monthly === undefined)
    throw new UnpricedError(
      `sku "${sku}": only DTU tiers Basic, S0-S3 are in the price table`,
    );
  return priced(
    component(`Single database (${sku}, DTU)`, 'months', 1, monthly),
  );
};

/** Cosmos DB: throughput lives on databases/containers; the account bills storage. */
const cosmosAccount: Pricer = input => {
  const p = svc(input);
  const serverless = blocks(optional(input, 'capabilities')).some(
    c => c.name === 'EnableServerless',
  );
  const lines: UsageLine[] = [
    {
      figure: 'storageGb',
      name: 'Transactional storage',
      unit: 'GB-months',
      unitPrice: needHere(input, p.cosmosStorageGbMonth, 'Cosmos DB storage'),
    },
  ];
  if (serverless)
    lines.push({
      figure: 'monthlyRequests',
      name: 'Serverless request units',
      unit: 'million RUs',
      per: 1e6,
      unitPrice: needHere(
        input,
        p.cosmosServerlessPerMillionRu,
        'Cosmos DB serverless RUs',
      ),
    });
  return usageResult(
    input,
    serverless
      ? 'request units and stored GB'
      : 'stored GB (throughput is priced on databases and containers)',
    lines,
  );
};

/** Manual provisioned throughput: RU/s ÷ 100 × hourly price × write regions (one assumed). */
const cosmosThroughput: Pricer = input => {
  const ru = optNumber(input, 'throughput');
  if (ru === undefined) {
    if (blocks(optional(input, 'autoscale_settings')).length > 0)
      throw new UnpricedError(
        'autoscale throughput depends on use; not priced',
      );
    input.assume(
      'no dedicated throughput: shares the database or account throughput',
    );
    return priced();
  }
  input.assume('single-region writes in one region');
  return priced(
    hourly(
      input,
      `Provisioned throughput (${ru} RU/s)`,
      needHere(input, svc(input).cosmosPer100RuHour, 'Cosmos DB RU/s'),
      ru / 100,
    ),
  );
};

const storageAccount: Pricer = input => {
  const tier = optString(input, 'account_tier') ?? 'Standard';
  const repl = optString(input, 'account_replication_type') ?? 'LRS';
  const access = optString(input, 'access_tier') ?? 'Hot';
  if (tier !== 'Standard' || repl !== 'LRS' || access !== 'Hot')
    throw new UnpricedError(
      `${tier} ${repl} ${access}: only Standard LRS Hot blob storage is in the price table`,
    );
  input.assume('blob storage, first 50 TB; operations not included');
  return usageResult(input, 'stored GB', [
    {
      figure: 'storageGb',
      name: 'Blob storage (Hot LRS)',
      unit: 'GB-months',
      unitPrice: needHere(
        input,
        svc(input).storageHotLrsGbMonth,
        'Hot LRS blob storage',
      ),
    },
  ]);
};

const lb: Pricer = input => {
  const sku = optString(input, 'sku') ?? 'Basic';
  if (sku === 'Basic') {
    input.assume('Basic load balancers are free');
    return priced();
  }
  const p = svc(input);
  input.assume('up to 5 rules (the first-tier charge)');
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        'Load balancer rules (first 5)',
        needHere(input, p.lbStandardRuleHour, 'Standard load balancer'),
      ),
    ],
    [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Data processed',
        unit: 'GB',
        unitPrice: needHere(input, p.lbPerGb, 'load balancer data'),
      },
    ],
  );
};

const applicationGateway: Pricer = input => {
  const p = svc(input);
  const sku = knownString(input, ['sku', 0, 'tier']);
  if (!sku) throw new UnpricedError('sku.tier is not set');
  const fixedHour = own(
    needHere(input, p.appGatewayHour, 'Application Gateway'),
    sku,
  );
  if (fixedHour === undefined)
    throw new UnpricedError(
      `sku tier "${sku}": only Standard_v2 and WAF_v2 are in the price table`,
    );
  const units =
    optNumber(input, ['sku', 0, 'capacity']) ??
    optNumber(input, ['autoscale_configuration', 0, 'min_capacity']) ??
    0;
  const out = [hourly(input, `Gateway (${sku})`, fixedHour)];
  if (units > 0) {
    input.assume(`${units} instances reserved, counted as capacity units`);
    out.push(
      hourly(
        input,
        `Capacity units (${units})`,
        own(
          needHere(input, p.appGatewayCapacityUnitHour, 'capacity units'),
          sku,
        ) ?? 0,
        units,
      ),
    );
  }
  return priced(...out);
};

const perMonth =
  (name: string, pick: (input: PricingInput) => number | undefined): Pricer =>
  input =>
    priced(component(name, 'months', 1, needHere(input, pick(input), name)));

const ingestion =
  (name: string, pick: (input: PricingInput) => number | undefined): Pricer =>
  input => {
    input.assume('pay-as-you-go; the free monthly allowance is not applied');
    return usageResult(input, 'GB ingested', [
      {
        figure: 'monthlyIngestGb',
        name,
        unit: 'GB',
        unitPrice: needHere(input, pick(input), name),
      },
    ]);
  };

/** Consumption-plan functions bill executions and GB-seconds; other plans bill the plan. */
const functionApp: Pricer = input => {
  const p = svc(input);
  const u = input.usage ?? {};
  const memoryMb = Math.max(128, Math.ceil((u.memoryMb ?? 128) / 128) * 128);
  const fixed =
    u.monthlyRequests === undefined
      ? []
      : [
          component(
            `Execution time (${memoryMb} MB)`,
            'GB-seconds',
            (u.monthlyRequests *
              Math.max(u.averageDurationMs ?? 100, 100) *
              memoryMb) /
              1000 /
              1024,
            needHere(input, p.functionsGbSecond, 'Functions GB-seconds'),
          ),
        ];
  input.assume(
    'Consumption plan, free grant not applied; apps on a dedicated plan cost their plan',
  );
  return usageResult(
    input,
    'executions and execution time',
    [
      {
        figure: 'monthlyRequests',
        name: 'Executions',
        unit: 'million executions',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.functionsPerMillionExecutions,
          'Functions executions',
        ),
      },
    ],
    fixed,
  );
};

const vnetGateway: Pricer = input => {
  const type = optString(input, 'type') ?? 'Vpn';
  if (type !== 'Vpn')
    throw new UnpricedError('ExpressRoute gateways are not in the price table');
  const sku = knownString(input, 'sku');
  if (!sku) throw new UnpricedError('sku is not set');
  return priced(
    hourly(
      input,
      `VPN gateway (${sku})`,
      price(
        needHere(input, svc(input).vnetGatewayHour, 'VPN gateways'),
        sku,
        'VPN gateway SKU',
        input.region,
      ),
    ),
  );
};

const eventHubNamespace: Pricer = input => {
  const p = svc(input);
  const sku = knownString(input, 'sku');
  if (!sku) throw new UnpricedError('sku is not set');
  const units = optNumber(input, 'capacity') ?? 1;
  const hour = own(
    needHere(input, p.eventHubThroughputUnitHour, 'Event Hubs'),
    sku,
  );
  if (hour === undefined)
    throw new UnpricedError(
      `sku "${sku}": only Basic and Standard are in the price table`,
    );
  return fixedWithUsage(
    input,
    [hourly(input, `Throughput units (${units} × ${sku})`, hour, units)],
    [
      {
        figure: 'monthlyEvents',
        name: 'Ingress events',
        unit: 'million events',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.eventHubPerMillionEvents,
          'Event Hubs events',
        ),
      },
    ],
  );
};

const apiManagement: Pricer = input => {
  const p = svc(input);
  const skuName = knownString(input, 'sku_name');
  if (!skuName) throw new UnpricedError('sku_name is not set');
  const [tier, n] = skuName.split('_');
  if (tier === 'Consumption')
    return usageResult(input, 'API calls', [
      {
        figure: 'monthlyRequests',
        name: 'API calls',
        unit: 'million calls',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.apiManagementConsumptionPerMillion,
          'API Management calls',
        ),
      },
    ]);
  const units = Number(n ?? 1) || 1;
  return priced(
    hourly(
      input,
      `API Management units (${units} × ${tier})`,
      price(
        needHere(input, p.apiManagementHour, 'API Management'),
        tier,
        'API Management tier',
        input.region,
      ),
      units,
    ),
  );
};

/**
 * Azure Cache for Redis bills per node: Basic one, Standard a primary and a
 * replica, Premium (1 + replicas) per shard.
 */
const redisCache: Pricer = input => {
  const sku = knownString(input, 'sku_name');
  const family = knownString(input, 'family');
  const capacity = knownNumber(input, 'capacity');
  if (!sku || !family || capacity === undefined)
    throw new UnpricedError('sku_name, family and capacity must be set');
  const key = `${sku}_${family}${capacity}`;
  let nodes = 1;
  if (sku === 'Standard') nodes = 2;
  if (sku === 'Premium')
    nodes =
      Math.max(optNumber(input, 'shard_count') ?? 1, 1) *
      (1 + (optNumber(input, 'replicas_per_master') ?? 1));
  return priced(
    hourly(
      input,
      `Cache nodes (${nodes} × ${key})`,
      price(
        needHere(input, svc(input).redisCacheNodeHour, 'Azure Cache for Redis'),
        key,
        'Redis cache SKU',
        input.region,
      ),
      nodes,
    ),
  );
};

export const AZURE_SERVICE_PRICERS: Readonly<Record<string, Pricer>> = {
  azurerm_windows_virtual_machine: windowsVm,
  azurerm_linux_virtual_machine_scale_set: scaleSet('linux'),
  azurerm_windows_virtual_machine_scale_set: scaleSet('windows'),
  azurerm_managed_disk: managedDisk,
  azurerm_kubernetes_cluster: aksCluster,
  azurerm_kubernetes_cluster_node_pool: aksNodePool,
  azurerm_service_plan: servicePlan,
  azurerm_app_service_plan: legacyAppServicePlan,
  azurerm_mssql_database: mssqlDatabase,
  azurerm_redis_cache: redisCache,
  azurerm_cosmosdb_account: cosmosAccount,
  azurerm_cosmosdb_sql_database: cosmosThroughput,
  azurerm_cosmosdb_sql_container: cosmosThroughput,
  azurerm_storage_account: storageAccount,
  azurerm_key_vault: input =>
    usageResult(input, 'operations', [
      {
        figure: 'monthlyOperations',
        name: 'Operations',
        unit: '10k operations',
        per: 1e4,
        unitPrice: needHere(
          input,
          svc(input).keyVaultPer10kOperations,
          'Key Vault operations',
        ),
      },
    ]),
  azurerm_lb: lb,
  azurerm_application_gateway: applicationGateway,
  azurerm_nat_gateway: input =>
    fixedWithUsage(
      input,
      [
        hourly(
          input,
          'NAT gateway',
          needHere(input, svc(input).natGatewayHour, 'NAT gateway'),
        ),
      ],
      [
        {
          figure: 'monthlyDataProcessedGb',
          name: 'Data processed',
          unit: 'GB',
          unitPrice: needHere(
            input,
            svc(input).natGatewayPerGb,
            'NAT gateway data',
          ),
        },
      ],
    ),
  azurerm_private_endpoint: input =>
    fixedWithUsage(
      input,
      [
        hourly(
          input,
          'Private endpoint',
          needHere(input, svc(input).privateEndpointHour, 'private endpoint'),
        ),
      ],
      [
        {
          figure: 'monthlyDataProcessedGb',
          name: 'Data processed (in + out)',
          unit: 'GB',
          unitPrice: needHere(
            input,
            svc(input).privateEndpointPerGb,
            'private endpoint data',
          ),
        },
      ],
    ),
  azurerm_dns_zone: perMonth('DNS zone', i => svc(i).dnsZoneMonth),
  azurerm_private_dns_zone: perMonth(
    'Private DNS zone',
    i => svc(i).privateDnsZoneMonth,
  ),
  azurerm_log_analytics_workspace: ingestion(
    'Log data ingestion (Analytics logs)',
    i => svc(i).logAnalyticsPerGb,
  ),
  azurerm_application_insights: ingestion(
    'Data ingestion',
    i => svc(i).appInsightsPerGb,
  ),
  azurerm_function_app: functionApp,
  azurerm_linux_function_app: functionApp,
  azurerm_windows_function_app: functionApp,
  azurerm_virtual_network_gateway: vnetGateway,
  azurerm_eventhub_namespace: eventHubNamespace,
  azurerm_api_management: apiManagement,
  azurerm_bastion_host: input => {
    const sku = optString(input, 'sku') ?? 'Basic';
    return priced(
      hourly(
        input,
        `Bastion (${sku})`,
        price(
          needHere(input, svc(input).bastionHour, 'Bastion'),
          sku,
          'Bastion SKU',
          input.region,
        ),
      ),
    );
  },
  azurerm_virtual_network_peering: input =>
    usageResult(input, 'GB transferred', [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Data transferred (in + out)',
        unit: 'GB',
        unitPrice: needHere(input, svc(input).vnetPeeringPerGb, 'VNet peering'),
      },
    ]),
  azurerm_monitor_metric_alert: input => {
    const criteria = Math.max(blocks(optional(input, 'criteria')).length, 1);
    return priced(
      component(
        `Monitored metric time series (${criteria})`,
        'time series',
        criteria,
        needHere(input, svc(input).monitorMetricAlertMonth, 'metric alert'),
      ),
    );
  },
  azurerm_snapshot: input =>
    usageResult(input, 'stored GB', [
      {
        figure: 'storageGb',
        name: 'Snapshot storage',
        unit: 'GB-months',
        unitPrice: needHere(
          input,
          svc(input).snapshotGbMonth,
          'snapshot storage',
        ),
      },
    ]),
};
