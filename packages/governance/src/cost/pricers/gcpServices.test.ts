import { planOf, ResourceSpec } from '../../__testUtils__/plans';
import { estimateCost } from '../estimate';
import type { EstimateOptions } from '../types';

function estimate(
  specs: ResourceSpec[],
  options: EstimateOptions = {},
  region = 'us-central1',
) {
  const e = estimateCost(
    planOf(specs, { google: { region: { constant_value: region } } }),
    options,
  );
  return (address: string) => {
    const l = e.resources.find(r => r.address === address);
    if (!l) throw new Error(`no line for ${address}`);
    return l;
  };
}

describe('GCP services', () => {
  const line = estimate(
    [
      {
        type: 'google_container_cluster',
        name: 'gke',
        after: { location: 'us-central1', remove_default_node_pool: true },
      },
      {
        type: 'google_container_node_pool',
        name: 'regional',
        after: {
          location: 'us-central1',
          node_count: 2,
          node_config: [
            {
              machine_type: 'e2-standard-4',
              disk_size_gb: 50,
              disk_type: 'pd-standard',
            },
          ],
        },
      },
      {
        type: 'google_container_node_pool',
        name: 'zonal',
        after: {
          location: 'us-central1-a',
          node_count: 1,
          node_config: [{ machine_type: 'n2-standard-2' }],
        },
      },
      {
        type: 'google_container_node_pool',
        name: 'spot',
        after: { node_count: 1, node_config: [{ spot: true }] },
      },
      {
        type: 'google_compute_address',
        name: 'ext',
        after: { address_type: 'EXTERNAL', region: 'us-central1' },
      },
      {
        type: 'google_compute_address',
        name: 'int',
        after: { address_type: 'INTERNAL', region: 'us-central1' },
      },
      {
        type: 'google_compute_router_nat',
        name: 'nat',
        after: { region: 'us-central1' },
      },
      {
        type: 'google_compute_router_nat',
        name: 'capped',
        after: { region: 'us-central1' },
      },
      {
        type: 'google_compute_forwarding_rule',
        name: 'fr',
        after: { region: 'us-central1' },
      },
      { type: 'google_compute_global_forwarding_rule', name: 'gfr', after: {} },
      {
        type: 'google_redis_instance',
        name: 'basic',
        after: { region: 'us-central1', tier: 'BASIC', memory_size_gb: 4 },
      },
      {
        type: 'google_redis_instance',
        name: 'ha',
        after: {
          region: 'us-central1',
          tier: 'STANDARD_HA',
          memory_size_gb: 8,
        },
      },
      {
        type: 'google_cloud_run_v2_service',
        name: 'api',
        after: {
          location: 'us-central1',
          template: [
            {
              containers: [
                { resources: [{ limits: { cpu: '2', memory: '1Gi' } }] },
              ],
            },
          ],
        },
      },
      {
        type: 'google_cloud_run_service',
        name: 'old',
        after: { location: 'us-central1' },
      },
      {
        type: 'google_cloudfunctions_function',
        name: 'fn',
        after: { region: 'us-central1', available_memory_mb: 256 },
      },
      {
        type: 'google_cloudfunctions2_function',
        name: 'fn2',
        after: {
          location: 'us-central1',
          service_config: [{ available_memory: '512Mi', available_cpu: '1' }],
        },
      },
      { type: 'google_pubsub_topic', name: 't', after: {} },
      { type: 'google_pubsub_subscription', name: 's', after: {} },
      {
        type: 'google_bigquery_dataset',
        name: 'ds',
        after: { location: 'US' },
      },
      { type: 'google_bigquery_table', name: 'tbl', after: {} },
      { type: 'google_dns_managed_zone', name: 'zone', after: {} },
      {
        type: 'google_spanner_instance',
        name: 'sp',
        after: { config: 'regional-us-central1', num_nodes: 2 },
      },
      {
        type: 'google_spanner_instance',
        name: 'pu',
        after: { config: 'regional-us-central1', processing_units: 500 },
      },
      {
        type: 'google_secret_manager_secret',
        name: 'sec',
        after: {
          replication: [
            {
              user_managed: [
                {
                  replicas: [
                    { location: 'us-east1' },
                    { location: 'us-west1' },
                  ],
                },
              ],
            },
          ],
        },
      },
      { type: 'google_logging_project_sink', name: 'sink', after: {} },
      {
        type: 'google_compute_vpn_tunnel',
        name: 'tun',
        after: { region: 'us-central1' },
      },
      { type: 'google_compute_snapshot', name: 'snap', after: {} },
    ],
    {
      usage: {
        'google_compute_router_nat.nat': {
          instances: 4,
          monthlyDataProcessedGb: 100,
        },
        'google_compute_router_nat.capped': { instances: 100 },
        'google_cloud_run_v2_service.api': {
          monthlyRequests: 10e6,
          averageDurationMs: 200,
          concurrency: 10,
        },
        'google_cloudfunctions_function.fn': {
          monthlyRequests: 3e6,
          averageDurationMs: 250,
        },
        'google_cloudfunctions2_function.fn2': { monthlyHours: 100 },
        'google_pubsub_topic.t': { monthlyMessageDataTb: 2 },
        'google_pubsub_subscription.s': {
          monthlyMessageDataTb: 1,
          storageGb: 10,
        },
        'google_bigquery_dataset.ds': { monthlyDataScannedTb: 4 },
        'google_bigquery_table.tbl': {
          storageGb: 500,
          longTermStorageGb: 1000,
        },
        'google_secret_manager_secret.sec': { monthlyOperations: 100000 },
        'google_logging_project_sink.sink': { monthlyIngestGb: 300 },
        'google_compute_snapshot.snap': { storageGb: 200 },
      },
    },
  );
  const monthly = (a: string) => line(a).monthly;

  it('prices GKE clusters by the fee and node pools by nodes × zones × machine', () => {
    expect(monthly('google_container_cluster.gke')).toBeCloseTo(73, 4); // 730 × 0.10
    // regional: 2 nodes × 3 zones = 6 × e2-standard-4 0.134012 × 730 = 586.97256; 6 × 50 GB × 0.04 = 12
    expect(
      line('google_container_node_pool.regional').components.map(
        c => c.monthly,
      ),
    ).toEqual([586.9726, 12]);
    // zonal: 1 × n2-standard-2 0.097118 × 730 = 70.89614; 100 GB pd-balanced × 0.10 = 10
    expect(monthly('google_container_node_pool.zonal')).toBeCloseTo(80.8961, 3);
    expect(line('google_container_node_pool.spot').reason).toBe(
      'spot and preemptible nodes have no fixed price',
    );
  });

  it('prices addresses, NAT, forwarding rules, tunnels and zones by the hour or month', () => {
    expect(monthly('google_compute_address.ext')).toBeCloseTo(3.65, 4); // 730 × 0.005
    expect(monthly('google_compute_address.int')).toBe(0);
    // 4 VMs × 0.0014 = 0.0056/h × 730 = 4.088; 100 GB × 0.045 = 4.5
    expect(monthly('google_compute_router_nat.nat')).toBeCloseTo(8.588, 4);
    // 100 VMs would be 0.14/h; capped at 0.044/h × 730 = 32.12
    expect(monthly('google_compute_router_nat.capped')).toBeCloseTo(32.12, 4);
    // each rule at the additional-rule rate: 730 × 0.01 = 7.30
    expect(monthly('google_compute_forwarding_rule.fr')).toBeCloseTo(7.3, 4);
    expect(monthly('google_compute_global_forwarding_rule.gfr')).toBeCloseTo(
      7.3,
      4,
    );
    expect(monthly('google_compute_vpn_tunnel.tun')).toBeCloseTo(36.5, 4); // 730 × 0.05
    expect(monthly('google_dns_managed_zone.zone')).toBeCloseTo(0.2, 4);
  });

  it('prices Memorystore by GB-hour in its capacity band, and Spanner by node-hour', () => {
    // BASIC M1: 4 GB × 0.049 × 730 = 143.08
    expect(monthly('google_redis_instance.basic')).toBeCloseTo(143.08, 4);
    // STANDARD_HA M2: 8 GB × 0.054 × 730 = 315.36
    expect(monthly('google_redis_instance.ha')).toBeCloseTo(315.36, 4);
    expect(monthly('google_spanner_instance.sp')).toBeCloseTo(1314, 4); // 2 × 0.90 × 730
    expect(monthly('google_spanner_instance.pu')).toBeCloseTo(328.5, 4); // 0.5 × 0.90 × 730
  });

  it('prices Cloud Run and Cloud Functions from requests and instance time', () => {
    // 10 M × 0.2 s ÷ 10 concurrent = 200,000 instance-s; × 2 vCPU × 0.000024 = 9.6;
    // × 1 GiB × 0.0000025 = 0.5; 10 M requests × 0.40 = 4
    expect(
      line('google_cloud_run_v2_service.api').components.map(c => c.monthly),
    ).toEqual([9.6, 0.5, 4]);
    expect(line('google_cloud_run_service.old')).toMatchObject({
      status: 'usage-priced',
      monthly: 0,
    });
    // 3 M × ceil(250/100) = 9 M × 0.000000463 = 4.167; 3 M × 0.40 = 1.2
    expect(monthly('google_cloudfunctions_function.fn')).toBeCloseTo(5.367, 4);
    // 100 h = 360,000 s × 1 vCPU × 0.000024 = 8.64; × 0.5 GiB × 0.0000025 = 0.45
    expect(monthly('google_cloudfunctions2_function.fn2')).toBeCloseTo(9.09, 4);
  });

  it('prices Pub/Sub, BigQuery, secrets, logs and snapshots from usage', () => {
    expect(monthly('google_pubsub_topic.t')).toBeCloseTo(80, 4); // 2 TiB × 40
    expect(monthly('google_pubsub_subscription.s')).toBeCloseTo(42.7, 4); // 40 + 10 × 0.27
    expect(monthly('google_bigquery_dataset.ds')).toBeCloseTo(25, 4); // 4 TiB × 6.25
    expect(monthly('google_bigquery_table.tbl')).toBeCloseTo(20, 4); // 500 × 0.02 + 1,000 × 0.01
    // 2 replica locations × 0.06 = 0.12; 100k accesses = 10 × 0.03 = 0.3
    expect(monthly('google_secret_manager_secret.sec')).toBeCloseTo(0.42, 4);
    expect(monthly('google_logging_project_sink.sink')).toBeCloseTo(150, 4); // 300 × 0.50
    expect(monthly('google_compute_snapshot.snap')).toBeCloseTo(10, 4); // 200 × 0.05
  });

  it('reports Memorystore and Spanner unpriced where their prices are not in the table', () => {
    const eu = estimate(
      [
        {
          type: 'google_redis_instance',
          name: 'r',
          after: { region: 'europe-west1', tier: 'BASIC', memory_size_gb: 1 },
        },
        { type: 'google_dns_managed_zone', name: 'z', after: {} },
      ],
      {},
      'europe-west1',
    );
    expect(eu('google_redis_instance.r').reason).toBe(
      'no price for Memorystore for Redis in europe-west1 in the price table',
    );
    expect(eu('google_dns_managed_zone.z').monthly).toBeCloseTo(0.2, 4);
  });
});
