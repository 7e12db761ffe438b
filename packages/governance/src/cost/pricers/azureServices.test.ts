import { planOf, ResourceSpec } from '../../__testUtils__/plans';
import { estimateCost } from '../estimate';
import type { EstimateOptions } from '../types';

function estimate(specs: ResourceSpec[], options: EstimateOptions = {}) {
  const e = estimateCost(planOf(specs, { azurerm: {} }), options);
  return (address: string) => {
    const l = e.resources.find(r => r.address === address);
    if (!l) throw new Error(`no line for ${address}`);
    return l;
  };
}

const at = (after: Record<string, unknown>, location = 'eastus') =>
  ({ location, ...after } as ResourceSpec['after']);

describe('Azure compute, databases and platform services', () => {
  const line = estimate(
    [
      {
        type: 'azurerm_windows_virtual_machine',
        name: 'win',
        after: at({
          size: 'Standard_D2s_v3',
          os_disk: [{ storage_account_type: 'Premium_LRS' }],
        }),
      },
      {
        type: 'azurerm_linux_virtual_machine_scale_set',
        name: 'vmss',
        after: at({
          sku: 'Standard_B2s',
          instances: 3,
          os_disk: [
            { storage_account_type: 'StandardSSD_LRS', disk_size_gb: 64 },
          ],
        }),
      },
      {
        type: 'azurerm_windows_virtual_machine_scale_set',
        name: 'wvmss',
        after: at({
          sku: 'Standard_D4s_v5',
          instances: 2,
          os_disk: [
            { storage_account_type: 'Standard_LRS', disk_size_gb: 128 },
          ],
        }),
      },
      {
        type: 'azurerm_managed_disk',
        name: 'data',
        after: at({ storage_account_type: 'Premium_LRS', disk_size_gb: 256 }),
      },
      {
        type: 'azurerm_kubernetes_cluster',
        name: 'aks',
        after: at({
          sku_tier: 'Standard',
          default_node_pool: [{ vm_size: 'Standard_D4s_v3', node_count: 3 }],
        }),
      },
      {
        type: 'azurerm_kubernetes_cluster_node_pool',
        name: 'pool',
        after: { vm_size: 'Standard_D2s_v5', node_count: 2 },
        config: {},
      },
      {
        type: 'azurerm_service_plan',
        name: 'plan',
        after: at({ os_type: 'Linux', sku_name: 'S1', worker_count: 2 }),
      },
      {
        type: 'azurerm_service_plan',
        name: 'y1',
        after: at({ os_type: 'Windows', sku_name: 'Y1' }),
      },
      {
        type: 'azurerm_app_service_plan',
        name: 'legacy',
        after: at({
          kind: 'Windows',
          sku: [{ tier: 'Basic', size: 'B1', capacity: 1 }],
        }),
      },
      {
        type: 'azurerm_mssql_database',
        name: 'db',
        after: { sku_name: 'S1' },
        config: {},
      },
      {
        type: 'azurerm_mssql_database',
        name: 'vcore',
        after: { sku_name: 'GP_Gen5_2' },
        config: {},
      },
      { type: 'azurerm_cosmosdb_account', name: 'cosmos', after: at({}) },
      {
        type: 'azurerm_cosmosdb_sql_database',
        name: 'cdb',
        after: { throughput: 400 },
      },
      {
        type: 'azurerm_storage_account',
        name: 'sa',
        after: at({
          account_tier: 'Standard',
          account_replication_type: 'LRS',
          access_tier: 'Hot',
        }),
      },
      {
        type: 'azurerm_storage_account',
        name: 'grs',
        after: at({
          account_tier: 'Standard',
          account_replication_type: 'GRS',
        }),
      },
      { type: 'azurerm_key_vault', name: 'kv', after: at({}) },
      { type: 'azurerm_function_app', name: 'fa', after: at({}) },
      { type: 'azurerm_linux_function_app', name: 'lfa', after: at({}) },
      {
        type: 'azurerm_eventhub_namespace',
        name: 'eh',
        after: at({ sku: 'Standard', capacity: 2 }),
      },
      {
        type: 'azurerm_api_management',
        name: 'apim',
        after: at({ sku_name: 'Developer_1' }),
      },
      {
        type: 'azurerm_api_management',
        name: 'apimc',
        after: at({ sku_name: 'Consumption_0' }),
      },
      { type: 'azurerm_log_analytics_workspace', name: 'law', after: at({}) },
      { type: 'azurerm_application_insights', name: 'ai', after: at({}) },
    ],
    {
      usage: {
        'azurerm_cosmosdb_account.cosmos': { storageGb: 40 },
        'azurerm_storage_account.sa': { storageGb: 1000 },
        'azurerm_key_vault.kv': { monthlyOperations: 1e6 },
        'azurerm_function_app.fa': {
          monthlyRequests: 5e6,
          averageDurationMs: 200,
          memoryMb: 256,
        },
        'azurerm_eventhub_namespace.eh': { monthlyEvents: 100e6 },
        'azurerm_api_management.apimc': { monthlyRequests: 4e6 },
        'azurerm_log_analytics_workspace.law': { monthlyIngestGb: 10 },
        'azurerm_application_insights.ai': { monthlyIngestGb: 5 },
      },
    },
  );
  const monthly = (a: string) => line(a).monthly;

  it('prices Windows VMs, scale sets and managed disks', () => {
    // D2s_v3 Windows 0.188 × 730 = 137.24; 127 GB Premium → P10 19.71
    expect(monthly('azurerm_windows_virtual_machine.win')).toBeCloseTo(
      156.95,
      4,
    );
    // 3 × B2s 0.0416 × 730 = 91.104; 3 × E6 (64 GB) 4.8 = 14.4
    expect(monthly('azurerm_linux_virtual_machine_scale_set.vmss')).toBeCloseTo(
      105.504,
      4,
    );
    // 2 × D4s_v5 Windows 0.376 × 730 = 548.96; 2 × S10 (128 GB) 5.89 = 11.78
    expect(
      monthly('azurerm_windows_virtual_machine_scale_set.wvmss'),
    ).toBeCloseTo(560.74, 4);
    expect(monthly('azurerm_managed_disk.data')).toBeCloseTo(37.96, 4); // P15
  });

  it('prices AKS by tier and node VMs', () => {
    // Standard tier 0.10 × 730 = 73; 3 × D4s_v3 0.192 × 730 = 420.48
    expect(monthly('azurerm_kubernetes_cluster.aks')).toBeCloseTo(493.48, 4);
    // the node pool has no location of its own: the plan's one location (eastus)
    // 2 × D2s_v5 0.096 × 730 = 140.16
    expect(monthly('azurerm_kubernetes_cluster_node_pool.pool')).toBeCloseTo(
      140.16,
      4,
    );
    expect(
      line('azurerm_kubernetes_cluster_node_pool.pool').assumptions[0],
    ).toContain('eastus assumed');
  });

  it('prices App Service plans per worker and SQL databases per DTU tier', () => {
    expect(monthly('azurerm_service_plan.plan')).toBeCloseTo(138.7, 4); // 2 × 0.095 × 730
    expect(monthly('azurerm_service_plan.y1')).toBe(0);
    expect(monthly('azurerm_app_service_plan.legacy')).toBeCloseTo(54.75, 4); // Windows B1 0.075 × 730
    expect(monthly('azurerm_mssql_database.db')).toBe(29.43); // S1 a month
    expect(line('azurerm_mssql_database.vcore').reason).toBe(
      'sku "GP_Gen5_2": only DTU tiers Basic, S0-S3 are in the price table',
    );
    // 400 RU/s = 4 × 100 RU/s × 0.008 × 730 = 23.36
    expect(monthly('azurerm_cosmosdb_sql_database.cdb')).toBeCloseTo(23.36, 4);
  });

  it('prices storage, Cosmos DB, Key Vault, Functions and telemetry from usage', () => {
    expect(monthly('azurerm_cosmosdb_account.cosmos')).toBeCloseTo(10, 4); // 40 GB × 0.25
    expect(monthly('azurerm_storage_account.sa')).toBeCloseTo(18.4, 4); // 1,000 GB × 0.0184
    expect(line('azurerm_storage_account.grs').reason).toContain(
      'only Standard LRS Hot',
    );
    expect(monthly('azurerm_key_vault.kv')).toBeCloseTo(3, 4); // 100 × 10k × 0.03
    // 5 M × 0.2 s × 0.25 GB = 250,000 GB-s × 0.000016 = 4; 5 M × 0.20 = 1
    expect(monthly('azurerm_function_app.fa')).toBeCloseTo(5, 4);
    expect(line('azurerm_linux_function_app.lfa')).toMatchObject({
      status: 'usage-priced',
      monthly: 0,
    });
    // 2 TUs × 0.03 × 730 = 43.8; 100 M events × 0.028 = 2.8
    expect(monthly('azurerm_eventhub_namespace.eh')).toBeCloseTo(46.6, 4);
    expect(monthly('azurerm_api_management.apim')).toBeCloseTo(48.034, 4); // 0.0658 × 730
    expect(monthly('azurerm_api_management.apimc')).toBeCloseTo(14, 4); // 4 M × 3.50
    expect(monthly('azurerm_log_analytics_workspace.law')).toBeCloseTo(23, 4); // 10 × 2.30
    expect(monthly('azurerm_application_insights.ai')).toBeCloseTo(11.5, 4); // 5 × 2.30
  });
});

describe('Azure network services', () => {
  const line = estimate(
    [
      { type: 'azurerm_lb', name: 'basic', after: at({ sku: 'Basic' }) },
      { type: 'azurerm_lb', name: 'std', after: at({ sku: 'Standard' }) },
      {
        type: 'azurerm_application_gateway',
        name: 'agw',
        after: at({ sku: [{ name: 'WAF_v2', tier: 'WAF_v2', capacity: 2 }] }),
      },
      { type: 'azurerm_nat_gateway', name: 'nat', after: at({}) },
      { type: 'azurerm_private_endpoint', name: 'pe', after: at({}) },
      { type: 'azurerm_dns_zone', name: 'dns', after: at({}, 'westeurope') },
      {
        type: 'azurerm_private_dns_zone',
        name: 'pdns',
        after: at({}, 'westeurope'),
      },
      {
        type: 'azurerm_virtual_network_gateway',
        name: 'vpn',
        after: at({ type: 'Vpn', sku: 'VpnGw1' }),
      },
      {
        type: 'azurerm_bastion_host',
        name: 'bastion',
        after: at({ sku: 'Standard' }),
      },
      { type: 'azurerm_virtual_network_peering', name: 'peer', after: at({}) },
      {
        type: 'azurerm_monitor_metric_alert',
        name: 'alert',
        after: at({ criteria: [{}, {}] }),
      },
      { type: 'azurerm_snapshot', name: 'snap', after: at({}) },
      {
        type: 'azurerm_cosmosdb_sql_container',
        name: 'auto',
        after: at({ autoscale_settings: [{ max_throughput: 4000 }] }),
      },
    ],
    {
      usage: {
        'azurerm_lb.std': { monthlyDataProcessedGb: 1000 },
        'azurerm_nat_gateway.nat': { monthlyDataProcessedGb: 100 },
        'azurerm_private_endpoint.pe': { monthlyDataProcessedGb: 50 },
        'azurerm_virtual_network_peering.peer': { monthlyDataProcessedGb: 300 },
        'azurerm_snapshot.snap': { storageGb: 100 },
      },
    },
  );
  const monthly = (a: string) => line(a).monthly;

  it('prices gateways, endpoints, zones and peering', () => {
    expect(monthly('azurerm_lb.basic')).toBe(0);
    expect(monthly('azurerm_lb.std')).toBeCloseTo(23.25, 4); // 730 × 0.025 + 1,000 × 0.005
    // WAF_v2 0.36 × 730 = 262.8; 2 capacity units × 0.0144 × 730 = 21.024
    expect(monthly('azurerm_application_gateway.agw')).toBeCloseTo(283.824, 4);
    expect(monthly('azurerm_nat_gateway.nat')).toBeCloseTo(37.35, 4); // 32.85 + 4.5
    expect(monthly('azurerm_private_endpoint.pe')).toBeCloseTo(7.8, 4); // 7.3 + 0.5
    expect(monthly('azurerm_dns_zone.dns')).toBe(0.5);
    expect(monthly('azurerm_private_dns_zone.pdns')).toBe(0.5);
    expect(monthly('azurerm_virtual_network_gateway.vpn')).toBeCloseTo(
      138.7,
      4,
    ); // 0.19 × 730
    expect(monthly('azurerm_bastion_host.bastion')).toBeCloseTo(211.7, 4); // 0.29 × 730
    expect(monthly('azurerm_virtual_network_peering.peer')).toBeCloseTo(3, 4); // 300 × 0.01
    expect(monthly('azurerm_monitor_metric_alert.alert')).toBeCloseTo(0.2, 4); // 2 × 0.10
    expect(monthly('azurerm_snapshot.snap')).toBeCloseTo(5, 4); // 100 × 0.05
    expect(line('azurerm_cosmosdb_sql_container.auto').reason).toBe(
      'autoscale throughput depends on use; not priced',
    );
  });
});

describe('Azure child resources without a location', () => {
  it('stay unpriced when the plan spans several locations', () => {
    const line = estimate([
      { type: 'azurerm_dns_zone', name: 'a', after: at({}, 'eastus') },
      { type: 'azurerm_dns_zone', name: 'b', after: at({}, 'westeurope') },
      { type: 'azurerm_mssql_database', name: 'db', after: { sku_name: 'S0' } },
    ]);
    expect(line('azurerm_mssql_database.db')).toMatchObject({
      status: 'unpriced',
      reason: 'no region or location could be determined',
    });
  });
});

describe('Azure Cache for Redis', () => {
  it('prices nodes by SKU: Standard a pair, Premium (1 + replicas) per shard', () => {
    const line = estimate([
      {
        type: 'azurerm_redis_cache',
        name: 'std',
        after: at({ sku_name: 'Standard', family: 'C', capacity: 3 }),
      },
      {
        type: 'azurerm_redis_cache',
        name: 'prem',
        after: at({
          sku_name: 'Premium',
          family: 'P',
          capacity: 1,
          shard_count: 3,
        }),
      },
      {
        type: 'azurerm_redis_cache',
        name: 'c0',
        after: at({ sku_name: 'Basic', family: 'C', capacity: 0 }),
      },
    ]);
    // 2 × 0.225 × 730 = 328.5
    expect(line('azurerm_redis_cache.std').monthly).toBeCloseTo(328.5, 4);
    // 3 shards × 2 nodes × 0.277 × 730 = 1,213.26
    expect(line('azurerm_redis_cache.prem').monthly).toBeCloseTo(1213.26, 4);
    expect(line('azurerm_redis_cache.c0').reason).toBe(
      'no price for Redis cache SKU "Basic_C0" in eastus in the price table',
    );
  });
});
