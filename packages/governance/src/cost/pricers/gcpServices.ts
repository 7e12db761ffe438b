import { asNumber, asStringList, blocks } from '../../plan/values';
import {
  component,
  fixedWithUsage,
  hourly,
  knownNumber,
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
} from './common';

const svc = (input: PricingInput) => regionPricesOf(input, 'gcp').services;

/** A location with two dashes is a zone (us-central1-a); else a region. */
const isZone = (location: string) => location.split('-').length === 3;

/** GKE bills a management fee per cluster; node pools are priced on their own. */
const containerCluster: Pricer = input => {
  input.assume(
    'the free tier credit (one zonal or Autopilot cluster per billing account) is not applied',
  );
  if (optional(input, 'enable_autopilot') === true)
    input.assume('Autopilot pod resources are usage and not included');
  else if (optional(input, 'remove_default_node_pool') !== true)
    input.assume(
      'the default node pool is not priced here; declare node pools as google_container_node_pool',
    );
  return priced(
    hourly(
      input,
      'Cluster management fee',
      needHere(input, svc(input).gkeClusterHour, 'GKE cluster'),
    ),
  );
};

/**
 * Nodes × machine type, in each zone of the pool: node_locations when set,
 * else the cluster's location (three zones for a regional cluster).
 */
const containerNodePool: Pricer = input => {
  const prices = regionPricesOf(input, 'gcp');
  const machine =
    optString(input, ['node_config', 0, 'machine_type']) ?? 'e2-medium';
  if (optString(input, ['node_config', 0, 'machine_type']) === undefined)
    input.assume('machine type assumed e2-medium (the GKE default)');
  if (
    optional(input, ['node_config', 0, 'spot']) === true ||
    optional(input, ['node_config', 0, 'preemptible']) === true
  )
    throw new UnpricedError('spot and preemptible nodes have no fixed price');
  const perZone =
    optNumber(input, 'node_count') ??
    optNumber(input, ['autoscaling', 0, 'min_node_count']) ??
    knownNumber(input, 'initial_node_count');
  if (perZone === undefined) throw new UnpricedError('node_count is not set');
  const locations = asStringList(optional(input, 'node_locations'));
  const location = optString(input, 'location') ?? '';
  let zones = locations.length;
  if (zones === 0) {
    zones = location && !isZone(location) ? 3 : 1;
    input.assume(
      `${zones} zone${zones > 1 ? 's' : ''} assumed from the location`,
    );
  }
  const nodes = perZone * zones;
  const disk = optNumber(input, ['node_config', 0, 'disk_size_gb']) ?? 100;
  const diskType =
    optString(input, ['node_config', 0, 'disk_type']) ?? 'pd-balanced';
  return priced(
    hourly(
      input,
      `Nodes (${nodes} × ${machine})`,
      price(prices.machines, machine, 'machine type', input.region),
      nodes,
    ),
    component(
      `Node boot disks (${nodes} × ${disk} GB ${diskType})`,
      'GB-months',
      nodes * disk,
      price(prices.disks, diskType, 'disk type', input.region),
    ),
  );
};

const computeAddress: Pricer = input => {
  if (optString(input, 'address_type') === 'INTERNAL') {
    input.assume('internal addresses are free');
    return priced();
  }
  input.assume('assumed in use by a VM (an unused reservation costs more)');
  return priced(
    hourly(
      input,
      'Static external IP address',
      needHere(input, svc(input).staticIpHour, 'static IP'),
    ),
  );
};

const routerNat: Pricer = input => {
  const p = svc(input);
  const vms = input.usage?.instances;
  const vmHour = needHere(input, p.routerNatVmHour, 'Cloud NAT VM');
  const hour =
    vms === undefined
      ? needHere(input, p.routerNatMaxHour, 'Cloud NAT')
      : Math.min(
          vms * vmHour,
          needHere(input, p.routerNatMaxHour, 'Cloud NAT'),
        );
  if (vms === undefined)
    input.assume(
      '32 or more VMs assumed (the hourly cap); set the instances usage figure',
    );
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `NAT gateway${vms === undefined ? '' : ` (${vms} VMs)`}`,
        Math.round(hour * 1e6) / 1e6,
      ),
    ],
    [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Data processed',
        unit: 'GB',
        unitPrice: needHere(input, p.routerNatPerGb, 'Cloud NAT data'),
      },
    ],
  );
};

/**
 * Forwarding rules: a project and region pay $0.025/h for their first five
 * rules together, then $0.01/h per rule. One rule cannot know its rank, so
 * each is priced at the additional-rule rate and the base charge is named.
 */
const forwardingRule: Pricer = input => {
  const p = svc(input);
  input.assume(
    `priced as an additional rule; the first five rules of a project and region cost ${needHere(
      input,
      p.forwardingRuleHour,
      'forwarding rules',
    )} USD/h together`,
  );
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        'Forwarding rule',
        needHere(input, p.forwardingRuleAdditionalHour, 'forwarding rule'),
      ),
    ],
    [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Ingress data processed',
        unit: 'GB',
        unitPrice: needHere(input, p.lbIngressPerGb, 'load balancer data'),
      },
    ],
  );
};

/** Memorystore capacity bands: M1 up to 4 GB, M2 up to 10, M3 35, M4 100, M5 above. */
const REDIS_BANDS: Array<[string, number]> = [
  ['M1', 4],
  ['M2', 10],
  ['M3', 35],
  ['M4', 100],
];

/** Memorystore for Redis bills provisioned GB by the hour, by capacity band. */
const redisInstance: Pricer = input => {
  const tier = optString(input, 'tier') ?? 'BASIC';
  const gb = knownNumber(input, 'memory_size_gb');
  if (gb === undefined) throw new UnpricedError('memory_size_gb is not set');
  const band = REDIS_BANDS.find(([, upTo]) => gb <= upTo)?.[0] ?? 'M5';
  const byTier = own(
    needHere(input, svc(input).redisGbHour, 'Memorystore for Redis'),
    tier,
  );
  if (!byTier)
    throw new UnpricedError(`tier "${tier}" is not in the price table`);
  return priced(
    hourly(
      input,
      `Memorystore ${tier} ${band} (${gb} GB)`,
      price(byTier, band, `${tier} capacity band`, input.region),
      gb,
    ),
  );
};

/** vCPUs and GiB of a Cloud Run / Functions gen2 container ("1", "500m"; "512Mi", "2Gi"). */
function cpuOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return asNumber((v as number) ?? null);
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(v);
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}
function gibOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2].startsWith('G') ? n : n / 1024;
}

/**
 * Request-based billing: instance-seconds = requests × duration ÷
 * concurrency, billed per vCPU-second and GiB-second, plus requests.
 */
function cloudRunUsage(input: PricingInput, vcpus: number, gib: number) {
  const p = svc(input);
  const u = input.usage ?? {};
  const concurrency = u.concurrency ?? 1;
  let seconds: number | undefined;
  if (u.monthlyHours !== undefined) seconds = u.monthlyHours * 3600;
  else if (u.monthlyRequests !== undefined)
    seconds =
      (u.monthlyRequests * (u.averageDurationMs ?? 100)) / 1000 / concurrency;
  if (
    u.monthlyRequests !== undefined &&
    u.averageDurationMs === undefined &&
    u.monthlyHours === undefined
  )
    input.assume('average request duration assumed 100 ms');
  input.assume('tier 1 prices; the monthly free tier is not applied');
  const fixed =
    seconds === undefined
      ? []
      : [
          component(
            `CPU (${vcpus} vCPU)`,
            'vCPU-seconds',
            seconds * vcpus,
            needHere(input, p.cloudRunVcpuSecond, 'Cloud Run vCPU'),
          ),
          component(
            `Memory (${gib} GiB)`,
            'GiB-seconds',
            seconds * gib,
            needHere(input, p.cloudRunGibSecond, 'Cloud Run memory'),
          ),
        ];
  return usageResult(
    input,
    'requests and instance time',
    [
      {
        figure: 'monthlyRequests',
        name: 'Requests',
        unit: 'million requests',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.cloudRunPerMillionRequests,
          'Cloud Run requests',
        ),
      },
    ],
    fixed,
  );
}

const cloudRunService: Pricer = input => {
  const limits = blocks(
    blocks(blocks(optional(input, 'template'))[0]?.spec)[0]?.containers,
  )[0]?.resources;
  const l = blocks(limits)[0]?.limits as Record<string, unknown> | undefined;
  return cloudRunUsage(input, cpuOf(l?.cpu) ?? 1, gibOf(l?.memory) ?? 0.5);
};

const cloudRunV2Service: Pricer = input => {
  const container = blocks(
    blocks(optional(input, 'template'))[0]?.containers,
  )[0];
  const l = blocks(container?.resources)[0]?.limits as
    | Record<string, unknown>
    | undefined;
  return cloudRunUsage(input, cpuOf(l?.cpu) ?? 1, gibOf(l?.memory) ?? 0.5);
};

const cloudFunctions2: Pricer = input => {
  const cfg = blocks(optional(input, 'service_config'))[0];
  const gib = gibOf(cfg?.available_memory) ?? 0.25;
  const cpu = cpuOf(cfg?.available_cpu) ?? (gib <= 0.5 ? 0.333 : 1);
  return cloudRunUsage(input, cpu, gib);
};

/** Functions gen1: invocations, and compute time per 100 ms by memory size. */
const cloudFunctions: Pricer = input => {
  const p = svc(input);
  const memory = String(optNumber(input, 'available_memory_mb') ?? 256);
  const per100ms = own(
    needHere(input, p.functionsPer100ms, 'Cloud Functions compute'),
    memory,
  );
  if (per100ms === undefined)
    throw new UnpricedError(`memory ${memory} MB is not in the price table`);
  const u = input.usage ?? {};
  const fixed =
    u.monthlyRequests === undefined
      ? []
      : [
          component(
            `Compute time (${memory} MB)`,
            '100 ms units',
            u.monthlyRequests * Math.ceil((u.averageDurationMs ?? 100) / 100),
            per100ms,
          ),
        ];
  input.assume('tier 1 prices; the monthly free tier is not applied');
  return usageResult(
    input,
    'invocations and compute time',
    [
      {
        figure: 'monthlyRequests',
        name: 'Invocations',
        unit: 'million invocations',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.functionsPerMillionInvocations,
          'invocations',
        ),
      },
    ],
    fixed,
  );
};

const pubsubTopic: Pricer = input =>
  usageResult(input, 'message throughput', [
    {
      figure: 'monthlyMessageDataTb',
      name: 'Message delivery',
      unit: 'TiB',
      unitPrice: needHere(input, svc(input).pubsubPerTib, 'Pub/Sub throughput'),
    },
  ]);

const pubsubSubscription: Pricer = input =>
  usageResult(input, 'message throughput and retained messages', [
    {
      figure: 'monthlyMessageDataTb',
      name: 'Message delivery',
      unit: 'TiB',
      unitPrice: needHere(input, svc(input).pubsubPerTib, 'Pub/Sub throughput'),
    },
    {
      figure: 'storageGb',
      name: 'Retained messages',
      unit: 'GiB-months',
      unitPrice: needHere(
        input,
        svc(input).pubsubStorageGibMonth,
        'Pub/Sub storage',
      ),
    },
  ]);

const bigqueryTable: Pricer = input =>
  usageResult(input, 'stored GB', [
    {
      figure: 'storageGb',
      name: 'Active storage',
      unit: 'GB-months',
      unitPrice: needHere(
        input,
        svc(input).bigqueryActiveGbMonth,
        'BigQuery active storage',
      ),
    },
    {
      figure: 'longTermStorageGb',
      name: 'Long-term storage',
      unit: 'GB-months',
      unitPrice: needHere(
        input,
        svc(input).bigqueryLongTermGbMonth,
        'BigQuery long-term storage',
      ),
    },
  ]);

/** Spanner: compute capacity (1 node = 1,000 processing units) by the hour. */
const spannerInstance: Pricer = input => {
  const p = svc(input);
  const nodes = optNumber(input, 'num_nodes');
  const units = optNumber(input, 'processing_units');
  const count = nodes ?? (units !== undefined ? units / 1000 : undefined);
  if (count === undefined)
    throw new UnpricedError(
      'num_nodes / processing_units is not set (autoscaling is not priced)',
    );
  const config = optString(input, 'config') ?? '';
  if (config && !config.startsWith('regional-'))
    throw new UnpricedError(
      `config "${config}": only regional configurations are in the price table`,
    );
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Compute capacity (${count} nodes)`,
        needHere(input, p.spannerNodeHour, 'Spanner node'),
        count,
      ),
    ],
    [
      {
        figure: 'storageGb',
        name: 'Storage',
        unit: 'GB-months',
        unitPrice: needHere(input, p.spannerStorageGbMonth, 'Spanner storage'),
      },
    ],
  );
};

/** One active version, stored in each user-managed replica location. */
const secretManagerSecret: Pricer = input => {
  const p = svc(input);
  const replicas = blocks(
    blocks(blocks(optional(input, 'replication'))[0]?.user_managed)[0]
      ?.replicas,
  ).length;
  const locations = Math.max(replicas, 1);
  input.assume('one active secret version');
  return fixedWithUsage(
    input,
    [
      component(
        `Active secret version (${locations} location${
          locations > 1 ? 's' : ''
        })`,
        'version-months',
        locations,
        needHere(input, p.secretVersionMonth, 'secret version'),
      ),
    ],
    [
      {
        figure: 'monthlyOperations',
        name: 'Access operations',
        unit: '10k operations',
        per: 1e4,
        unitPrice: needHere(input, p.secretPer10kAccess, 'secret access'),
      },
    ],
  );
};

const loggingSink: Pricer = input =>
  usageResult(input, 'GiB of logs routed into storage', [
    {
      figure: 'monthlyIngestGb',
      name: 'Log storage (ingestion)',
      unit: 'GiB',
      unitPrice: needHere(input, svc(input).loggingPerGib, 'Cloud Logging'),
    },
  ]);

export const GCP_SERVICE_PRICERS: Readonly<Record<string, Pricer>> = {
  google_container_cluster: containerCluster,
  google_container_node_pool: containerNodePool,
  google_compute_address: computeAddress,
  google_compute_router_nat: routerNat,
  google_compute_forwarding_rule: forwardingRule,
  google_compute_global_forwarding_rule: forwardingRule,
  google_redis_instance: redisInstance,
  google_cloud_run_service: cloudRunService,
  google_cloud_run_v2_service: cloudRunV2Service,
  google_cloudfunctions_function: cloudFunctions,
  google_cloudfunctions2_function: cloudFunctions2,
  google_pubsub_topic: pubsubTopic,
  google_pubsub_subscription: pubsubSubscription,
  google_bigquery_dataset: input =>
    usageResult(input, 'TiB queried (on-demand)', [
      {
        figure: 'monthlyDataScannedTb',
        name: 'Queries (on-demand)',
        unit: 'TiB',
        unitPrice: needHere(
          input,
          svc(input).bigqueryPerTib,
          'BigQuery queries',
        ),
      },
    ]),
  google_bigquery_table: bigqueryTable,
  google_dns_managed_zone: input =>
    priced(
      component(
        'Managed zone',
        'months',
        1,
        needHere(input, svc(input).dnsZoneMonth, 'Cloud DNS zone'),
      ),
    ),
  google_spanner_instance: spannerInstance,
  google_secret_manager_secret: secretManagerSecret,
  google_logging_project_sink: loggingSink,
  google_compute_vpn_tunnel: input =>
    priced(
      hourly(
        input,
        'VPN tunnel',
        needHere(input, svc(input).vpnTunnelHour, 'VPN tunnel'),
      ),
    ),
  google_compute_snapshot: input =>
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
