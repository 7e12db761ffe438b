import { asNumber, asStringList, blocks } from '../../plan/values';
import type { JsonObject } from '../../plan/types';
import type { CostComponent } from '../types';
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
} from './common';

/** The region's service prices; each pricer names the ones it needs. */
const svc = (input: PricingInput) => regionPricesOf(input, 'aws').services;

/** Values of the resource a reference points at (after, else before). */
function targetValues(
  input: PricingInput,
  attribute: string,
): JsonObject | undefined {
  const target = input.plan.relations.targets(input.resource, attribute)[0];
  return target ? target.after ?? target.before ?? undefined : undefined;
}

/** Fargate: task definition vCPU and memory × desired_count, by the hour. */
const ecsService: Pricer = input => {
  const launchType = optString(input, 'launch_type');
  const strategy = blocks(optional(input, 'capacity_provider_strategy'));
  const providers = strategy.map(s => String(s.capacity_provider ?? ''));
  if (providers.includes('FARGATE_SPOT'))
    throw new UnpricedError('Fargate Spot has no fixed price');
  const fargate = launchType === 'FARGATE' || providers.includes('FARGATE');
  if (!fargate) {
    input.assume(
      'EC2 launch type: tasks run on container instances, priced as those instances',
    );
    return priced();
  }
  const p = svc(input);
  const desired = optNumber(input, 'desired_count') ?? 0;
  const task = targetValues(input, 'task_definition');
  if (!task)
    throw new UnpricedError(
      'task_definition does not point at an aws_ecs_task_definition in the plan; its cpu and memory are unknown',
    );
  const cpu = asNumber(task.cpu ?? null);
  const memory = asNumber(task.memory ?? null);
  if (cpu === undefined || memory === undefined)
    throw new UnpricedError(
      'the task definition sets no task-level cpu and memory',
    );
  input.assume('Linux/x86 Fargate; 20 GB ephemeral storage included');
  const vcpus = cpu / 1024;
  const gb = memory / 1024;
  return priced(
    hourly(
      input,
      `Fargate vCPU (${desired} tasks × ${vcpus} vCPU)`,
      needHere(input, p.fargateVcpuHour, 'Fargate vCPU'),
      desired * vcpus,
    ),
    hourly(
      input,
      `Fargate memory (${desired} tasks × ${gb} GB)`,
      needHere(input, p.fargateGbHour, 'Fargate memory'),
      desired * gb,
    ),
  );
};

/** Aurora cluster: storage and I/O are usage (instances are priced on their own). */
const rdsCluster: Pricer = input => {
  const engine = optString(input, 'engine') ?? 'aurora';
  if (!engine.startsWith('aurora'))
    throw new UnpricedError(
      `engine "${engine}": only Aurora clusters are in the price table`,
    );
  const p = svc(input);
  return usageResult(input, 'stored GB and I/O requests', [
    {
      figure: 'storageGb',
      name: 'Aurora storage',
      unit: 'GB-months',
      unitPrice: needHere(input, p.auroraStorageGbMonth, 'Aurora storage'),
    },
    {
      figure: 'monthlyIoRequests',
      name: 'Aurora I/O',
      unit: 'million requests',
      per: 1e6,
      unitPrice: needHere(input, p.auroraIoPerMillion, 'Aurora I/O'),
    },
  ]);
};

const rdsClusterInstance: Pricer = input => {
  const p = svc(input);
  const engine = knownString(input, 'engine') ?? 'aurora-mysql';
  const cls = knownString(input, 'instance_class');
  if (!cls) throw new UnpricedError('instance_class is not set');
  if (cls === 'db.serverless') {
    return usageResult(input, 'Aurora capacity units (ACU-hours)', [
      {
        figure: 'monthlyHours',
        name: 'Aurora Serverless v2 capacity',
        unit: 'ACU-hours',
        unitPrice: needHere(input, p.auroraAcuHour, 'Aurora ACU-hour'),
      },
    ]);
  }
  const family = engine === 'aurora' ? 'aurora-mysql' : engine;
  return priced(
    hourly(
      input,
      `Aurora instance (${family}, ${cls})`,
      price(
        own(needHere(input, p.auroraInstances, 'Aurora instances'), family),
        cls,
        `Aurora ${family} class`,
        input.region,
      ),
    ),
  );
};

/** Provisioned capacity by the hour; on-demand requests and storage are usage. */
const dynamodbTable: Pricer = input => {
  const p = svc(input);
  const storage = {
    figure: 'storageGb' as const,
    name: 'Table storage',
    unit: 'GB-months',
    unitPrice: needHere(input, p.dynamodbStorageGbMonth, 'DynamoDB storage'),
  };
  const mode = optString(input, 'billing_mode') ?? 'PROVISIONED';
  if (mode === 'PAY_PER_REQUEST') {
    return usageResult(input, 'request units and stored GB', [
      {
        figure: 'monthlyWriteRequestUnits',
        name: 'Write request units',
        unit: 'million WRUs',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.dynamodbWritePerMillion,
          'DynamoDB writes',
        ),
      },
      {
        figure: 'monthlyReadRequestUnits',
        name: 'Read request units',
        unit: 'million RRUs',
        per: 1e6,
        unitPrice: needHere(input, p.dynamodbReadPerMillion, 'DynamoDB reads'),
      },
      storage,
    ]);
  }
  const wcu = knownNumber(input, 'write_capacity') ?? 0;
  const rcu = knownNumber(input, 'read_capacity') ?? 0;
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Write capacity (${wcu} WCU)`,
        needHere(input, p.dynamodbWcuHour, 'DynamoDB WCU'),
        wcu,
      ),
      hourly(
        input,
        `Read capacity (${rcu} RCU)`,
        needHere(input, p.dynamodbRcuHour, 'DynamoDB RCU'),
        rcu,
      ),
    ],
    [storage],
  );
};

/** A type billed per million requests (or messages). */
const perMillion =
  (
    what: string,
    name: string,
    pick: (input: PricingInput) => number | undefined,
  ): Pricer =>
  input =>
    usageResult(input, what, [
      {
        figure: 'monthlyRequests',
        name,
        unit: 'million requests',
        per: 1e6,
        unitPrice: needHere(input, pick(input), name),
      },
    ]);

const sqsQueue: Pricer = input => {
  const fifo = optional(input, 'fifo_queue') === true;
  return perMillion(
    'requests',
    fifo ? 'FIFO requests' : 'Standard requests',
    i => (fifo ? svc(i).sqsFifoPerMillion : svc(i).sqsStandardPerMillion),
  )(input);
};

const cloudfront: Pricer = input => {
  const p = svc(input);
  input.assume('North America edge prices, first 10 TB tier');
  return usageResult(input, 'transfer out and HTTPS requests', [
    {
      figure: 'monthlyDataTransferGb',
      name: 'Data transfer to the internet',
      unit: 'GB',
      unitPrice: needHere(input, p.cloudfrontPerGb, 'CloudFront transfer'),
    },
    {
      figure: 'monthlyRequests',
      name: 'HTTPS requests',
      unit: '10k requests',
      per: 1e4,
      unitPrice: needHere(
        input,
        p.cloudfrontHttpsPer10k,
        'CloudFront requests',
      ),
    },
  ]);
};

const apigatewayV2: Pricer = input => {
  const p = svc(input);
  if (optString(input, 'protocol_type') === 'WEBSOCKET')
    return usageResult(input, 'messages', [
      {
        figure: 'monthlyMessages',
        name: 'WebSocket messages',
        unit: 'million messages',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.apiGatewayWebsocketPerMillion,
          'WebSocket messages',
        ),
      },
    ]);
  return perMillion(
    'requests',
    'HTTP API requests',
    i => svc(i).apiGatewayHttpPerMillion,
  )(input);
};

const monthly =
  (name: string, pick: (input: PricingInput) => number | undefined): Pricer =>
  input =>
    priced(component(name, 'months', 1, needHere(input, pick(input), name)));

const metricAlarm: Pricer = input => {
  const p = svc(input);
  const highRes = (optNumber(input, 'period') ?? 60) < 60;
  const metrics = blocks(optional(input, 'metric_query')).filter(
    q => blocks(q.metric).length > 0,
  ).length;
  const count = Math.max(metrics, 1);
  const unit = highRes
    ? needHere(
        input,
        p.cloudwatchHighResolutionAlarmMonth,
        'high-resolution alarm',
      )
    : needHere(input, p.cloudwatchAlarmMonth, 'standard alarm');
  return priced(
    component(
      `${highRes ? 'High-resolution' : 'Standard'} alarm metrics (${count})`,
      'alarm metrics',
      count,
      unit,
    ),
  );
};

/** Interface endpoints bill per AZ (one per subnet); gateway endpoints are free. */
const vpcEndpoint: Pricer = input => {
  const kind = optString(input, 'vpc_endpoint_type') ?? 'Gateway';
  if (kind === 'Gateway') return priced();
  const p = svc(input);
  const subnets = asStringList(optional(input, 'subnet_ids')).length;
  const azs = Math.max(subnets, 1);
  if (subnets === 0) input.assume('subnets unknown; one AZ assumed');
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `${kind} endpoint (${azs} AZ)`,
        needHere(input, p.vpcEndpointHour, 'VPC endpoint'),
        azs,
      ),
    ],
    [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Data processed',
        unit: 'GB',
        unitPrice: needHere(input, p.vpcEndpointPerGb, 'VPC endpoint data'),
      },
    ],
  );
};

const hourlyWithData =
  (
    name: string,
    hour: (input: PricingInput) => number | undefined,
    perGb?: (input: PricingInput) => number | undefined,
  ): Pricer =>
  input =>
    fixedWithUsage(
      input,
      [hourly(input, name, needHere(input, hour(input), name))],
      perGb
        ? [
            {
              figure: 'monthlyDataProcessedGb',
              name: 'Data processed',
              unit: 'GB',
              unitPrice: needHere(input, perGb(input), `${name} data`),
            },
          ]
        : [],
    );

/** A type billed by stored GB only. */
const storage =
  (name: string, pick: (input: PricingInput) => number | undefined): Pricer =>
  input =>
    usageResult(input, 'stored GB', [
      {
        figure: 'storageGb',
        name,
        unit: 'GB-months',
        unitPrice: needHere(input, pick(input), name),
      },
    ]);

const kinesisStream: Pricer = input => {
  const p = svc(input);
  const mode = optString(input, ['stream_mode_details', 0, 'stream_mode']);
  if (mode === 'ON_DEMAND')
    return fixedWithUsage(
      input,
      [
        hourly(
          input,
          'On-demand stream hours',
          needHere(input, p.kinesisOnDemandStreamHour, 'on-demand stream'),
        ),
      ],
      [
        {
          figure: 'monthlyIngestGb',
          name: 'Data in',
          unit: 'GB',
          unitPrice: needHere(
            input,
            p.kinesisOnDemandPerGbIn,
            'on-demand data in',
          ),
        },
      ],
    );
  const shards = knownNumber(input, 'shard_count');
  if (shards === undefined) throw new UnpricedError('shard_count is not set');
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Shards (${shards})`,
        needHere(input, p.kinesisShardHour, 'Kinesis shard'),
        shards,
      ),
    ],
    [
      {
        figure: 'monthlyRequests',
        name: 'PUT payload units',
        unit: 'million units',
        per: 1e6,
        unitPrice: needHere(input, p.kinesisPutPerMillion, 'PUT payload units'),
      },
    ],
  );
};

const mskCluster: Pricer = input => {
  const p = svc(input);
  const info = ['broker_node_group_info', 0];
  const type = knownString(input, [...info, 'instance_type']);
  if (!type)
    throw new UnpricedError('broker_node_group_info.instance_type is not set');
  const brokers = knownNumber(input, 'number_of_broker_nodes');
  if (brokers === undefined)
    throw new UnpricedError('number_of_broker_nodes is not set');
  const volume =
    optNumber(input, [
      ...info,
      'storage_info',
      0,
      'ebs_storage_info',
      0,
      'volume_size',
    ]) ??
    optNumber(input, [...info, 'ebs_volume_size']) ??
    1000;
  return priced(
    hourly(
      input,
      `Brokers (${brokers} × ${type})`,
      price(
        needHere(input, p.mskBrokers, 'MSK brokers'),
        type,
        'MSK broker type',
        input.region,
      ),
      brokers,
    ),
    component(
      `Broker storage (${brokers} × ${volume} GB)`,
      'GB-months',
      brokers * volume,
      needHere(input, p.mskStorageGbMonth, 'MSK storage'),
    ),
  );
};

const mqBroker: Pricer = input => {
  const p = svc(input);
  const engine = knownString(input, 'engine_type');
  if (engine !== 'ActiveMQ')
    throw new UnpricedError(
      `engine_type "${engine}": only ActiveMQ brokers are in the price table`,
    );
  const type = knownString(input, 'host_instance_type');
  if (!type) throw new UnpricedError('host_instance_type is not set');
  const mode = optString(input, 'deployment_mode') ?? 'SINGLE_INSTANCE';
  const count = mode === 'SINGLE_INSTANCE' ? 1 : 2;
  input.assume('storage is usage (storageGb), not included without a figure');
  const storageType = optString(input, 'storage_type') ?? 'efs';
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Broker (${count} × ${type}, ${mode})`,
        price(
          needHere(input, p.mqActiveMqBrokers, 'Amazon MQ brokers'),
          type,
          'broker type',
          input.region,
        ),
        count,
      ),
    ],
    [
      {
        figure: 'storageGb',
        name: `Broker storage (${storageType})`,
        unit: 'GB-months',
        unitPrice: needHere(
          input,
          storageType === 'ebs' ? p.mqEbsGbMonth : p.mqEfsGbMonth,
          'Amazon MQ storage',
        ),
      },
    ],
  );
};

const redshiftCluster: Pricer = input => {
  const p = svc(input);
  const type = knownString(input, 'node_type');
  if (!type) throw new UnpricedError('node_type is not set');
  const nodes = optNumber(input, 'number_of_nodes') ?? 1;
  const lines = type.startsWith('ra3')
    ? [
        {
          figure: 'storageGb' as const,
          name: 'Managed storage',
          unit: 'GB-months',
          unitPrice: needHere(
            input,
            p.redshiftManagedStorageGbMonth,
            'Redshift managed storage',
          ),
        },
      ]
    : [];
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Nodes (${nodes} × ${type})`,
        price(
          needHere(input, p.redshiftNodes, 'Redshift nodes'),
          type,
          'Redshift node type',
          input.region,
        ),
        nodes,
      ),
    ],
    lines,
  );
};

/** OpenSearch / Elasticsearch: data and dedicated master nodes, EBS storage. */
const searchDomain: Pricer = input => {
  const p = svc(input);
  const cfg = ['cluster_config', 0];
  const rawType =
    optString(input, [...cfg, 'instance_type']) ?? 'm4.large.elasticsearch';
  const type = rawType.replace(/\.elasticsearch$/, '.search');
  const table = needHere(input, p.opensearchInstances, 'OpenSearch instances');
  const count = optNumber(input, [...cfg, 'instance_count']) ?? 1;
  const out: CostComponent[] = [
    hourly(
      input,
      `Data nodes (${count} × ${type})`,
      price(table, type, 'OpenSearch instance type', input.region),
      count,
    ),
  ];
  if (optional(input, [...cfg, 'dedicated_master_enabled']) === true) {
    const masterType = (
      optString(input, [...cfg, 'dedicated_master_type']) ?? type
    ).replace(/\.elasticsearch$/, '.search');
    const masters = optNumber(input, [...cfg, 'dedicated_master_count']) ?? 3;
    out.push(
      hourly(
        input,
        `Master nodes (${masters} × ${masterType})`,
        price(table, masterType, 'OpenSearch instance type', input.region),
        masters,
      ),
    );
  }
  const ebs = blocks(optional(input, 'ebs_options'))[0];
  if (ebs?.ebs_enabled === true) {
    const size = asNumber(ebs.volume_size ?? null) ?? 10;
    const volumeType =
      typeof ebs.volume_type === 'string' && ebs.volume_type
        ? ebs.volume_type
        : 'gp2';
    const unit = new Map([
      ['gp2', p.opensearchGp2GbMonth],
      ['gp3', p.opensearchGp3GbMonth],
    ]).get(volumeType);
    out.push(
      component(
        `EBS storage (${count} × ${size} GB ${volumeType})`,
        'GB-months',
        count * size,
        needHere(input, unit, `OpenSearch ${volumeType} storage`),
      ),
    );
  }
  return priced(...out);
};

const instanceHours =
  (
    label: string,
    pick: (input: PricingInput) => Record<string, number> | undefined,
  ): Pricer =>
  input => {
    const cls = knownString(input, 'instance_class');
    if (!cls) throw new UnpricedError('instance_class is not set');
    return priced(
      hourly(
        input,
        `${label} instance (${cls})`,
        price(
          needHere(input, pick(input), `${label} instances`),
          cls,
          `${label} class`,
          input.region,
        ),
      ),
    );
  };

/** DocumentDB / Neptune clusters: storage and I/O are usage. */
const clusterStorage =
  (
    label: string,
    storageOf: (input: PricingInput) => number | undefined,
    io: (input: PricingInput) => number | undefined,
  ): Pricer =>
  input =>
    usageResult(input, 'stored GB and I/O requests', [
      {
        figure: 'storageGb',
        name: `${label} storage`,
        unit: 'GB-months',
        unitPrice: needHere(input, storageOf(input), `${label} storage`),
      },
      {
        figure: 'monthlyIoRequests',
        name: `${label} I/O`,
        unit: 'million requests',
        per: 1e6,
        unitPrice: needHere(input, io(input), `${label} I/O`),
      },
    ]);

/** Serverless cache: stored GB-hours (1 GB minimum for Redis OSS) and ECPUs. */
const elasticacheServerless: Pricer = input => {
  const p = svc(input);
  const engine = optString(input, 'engine') ?? 'redis';
  if (engine !== 'redis')
    throw new UnpricedError(
      `engine "${engine}": only Redis OSS serverless caches are in the price table`,
    );
  const gb = Math.max(input.usage?.storageGb ?? 1, 1);
  if (input.usage?.storageGb === undefined)
    input.assume('1 GB stored assumed (the minimum billed)');
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Data stored (${gb} GB)`,
        needHere(
          input,
          p.elasticacheServerlessGbHour,
          'serverless data stored',
        ),
        gb,
      ),
    ],
    [
      {
        figure: 'monthlyRequests',
        name: 'ElastiCache Processing Units',
        unit: 'million ECPUs',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.elasticacheServerlessPerMillionEcpu,
          'ECPUs',
        ),
      },
    ],
  );
};

const sfnStateMachine: Pricer = input => {
  const p = svc(input);
  if (optString(input, 'type') === 'EXPRESS')
    return usageResult(input, 'requests and duration', [
      {
        figure: 'monthlyRequests',
        name: 'Express requests',
        unit: 'million requests',
        per: 1e6,
        unitPrice: needHere(input, p.sfnExpressPerMillion, 'Express requests'),
      },
    ]);
  return usageResult(input, 'state transitions', [
    {
      figure: 'monthlyTransitions',
      name: 'State transitions',
      unit: '1k transitions',
      per: 1000,
      unitPrice: needHere(input, p.sfnPer1000Transitions, 'state transitions'),
    },
  ]);
};

const wafv2WebAcl: Pricer = input => {
  const p = svc(input);
  const rules = blocks(optional(input, 'rule')).length;
  return fixedWithUsage(
    input,
    [
      component(
        'Web ACL',
        'months',
        1,
        needHere(input, p.wafWebAclMonth, 'web ACL'),
      ),
      component(
        `Rules (${rules})`,
        'rule-months',
        rules,
        needHere(input, p.wafRuleMonth, 'WAF rule'),
      ),
    ],
    [
      {
        figure: 'monthlyRequests',
        name: 'Requests',
        unit: 'million requests',
        per: 1e6,
        unitPrice: needHere(input, p.wafPerMillionRequests, 'WAF requests'),
      },
    ],
  );
};

/** Health checks: base charge by endpoint kind, plus each optional feature. */
const route53HealthCheck: Pricer = input => {
  const p = svc(input);
  const type = optString(input, 'type') ?? 'HTTP';
  if (
    type === 'CALCULATED' ||
    type === 'CLOUDWATCH_METRIC' ||
    type === 'RECOVERY_CONTROL'
  )
    return priced(
      component(
        `Health check (${type})`,
        'months',
        1,
        needHere(input, p.route53HealthCheckAwsMonth, 'health check'),
      ),
    );
  input.assume('endpoint outside AWS assumed (the higher rate)');
  const features = [
    type.startsWith('HTTPS') && 'HTTPS',
    type.endsWith('STR_MATCH') && 'string matching',
    optNumber(input, 'request_interval') === 10 && 'fast interval',
    optional(input, 'measure_latency') === true && 'latency measurement',
  ].filter((f): f is string => Boolean(f));
  const out = [
    component(
      `Health check (${type})`,
      'months',
      1,
      needHere(input, p.route53HealthCheckOtherMonth, 'health check'),
    ),
  ];
  if (features.length > 0)
    out.push(
      component(
        `Optional features (${features.join(', ')})`,
        'feature-months',
        features.length,
        needHere(
          input,
          p.route53HealthCheckFeatureOtherMonth,
          'health check feature',
        ),
      ),
    );
  return priced(...out);
};

const resolverEndpoint: Pricer = input => {
  const p = svc(input);
  const enis = Math.max(blocks(optional(input, 'ip_address')).length, 2);
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Resolver network interfaces (${enis})`,
        needHere(input, p.route53ResolverEniHour, 'resolver ENI'),
        enis,
      ),
    ],
    [
      {
        figure: 'monthlyQueries',
        name: 'DNS queries',
        unit: 'million queries',
        per: 1e6,
        unitPrice: needHere(
          input,
          p.route53ResolverPerMillionQueries,
          'resolver queries',
        ),
      },
    ],
  );
};

const cloudtrail: Pricer = input => {
  const p = svc(input);
  return usageResult(
    input,
    'additional management event copies and data events',
    [
      {
        figure: 'monthlyEvents',
        name: 'Additional management events',
        unit: '100k events',
        per: 1e5,
        unitPrice: needHere(
          input,
          p.cloudtrailManagementPer100k,
          'management events',
        ),
      },
      {
        figure: 'monthlyDataEvents',
        name: 'Data events',
        unit: '100k events',
        per: 1e5,
        unitPrice: needHere(input, p.cloudtrailDataPer100k, 'data events'),
      },
    ],
  );
};

const lambdaProvisionedConcurrency: Pricer = input => {
  const p = svc(input);
  const concurrency = knownNumber(input, 'provisioned_concurrent_executions');
  if (concurrency === undefined)
    throw new UnpricedError('provisioned_concurrent_executions is not set');
  const fn = targetValues(input, 'function_name');
  let memory = fn ? asNumber(fn.memory_size ?? null) : undefined;
  if (memory === undefined) {
    memory = input.usage?.memoryMb ?? 128;
    input.assume(`function memory not in the plan; ${memory} MB assumed`);
  }
  // Provisioned all month unless a usage figure says for how many hours.
  const hours = input.usage?.monthlyHours ?? input.table.hoursPerMonth;
  const gbSeconds = concurrency * (memory / 1024) * hours * 3600;
  input.assume('invocation requests and duration are priced on the function');
  return priced(
    component(
      `Provisioned concurrency (${concurrency} × ${memory} MB)`,
      'GB-seconds',
      gbSeconds,
      needHere(input, p.lambdaProvisionedGbSecond, 'provisioned concurrency'),
    ),
  );
};

const transferServer: Pricer = input => {
  const p = svc(input);
  const protocols = Math.max(
    asStringList(optional(input, 'protocols')).length,
    1,
  );
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Enabled protocols (${protocols})`,
        needHere(input, p.transferProtocolHour, 'Transfer protocol'),
        protocols,
      ),
    ],
    [
      {
        figure: 'monthlyDataTransferGb',
        name: 'Data uploaded and downloaded',
        unit: 'GB',
        unitPrice: needHere(input, p.transferPerGb, 'Transfer data'),
      },
    ],
  );
};

/**
 * Directory Service bills each of a directory's two domain controllers by
 * the hour: by size for Simple AD and AD Connector, by edition for
 * Microsoft AD.
 */
const directory: Pricer = input => {
  const p = svc(input);
  const type = optString(input, 'type') ?? 'SimpleAD';
  const tier =
    type === 'MicrosoftAD'
      ? optString(input, 'edition') ?? 'Enterprise'
      : optString(input, 'size') ?? 'Large';
  const byType = own(
    needHere(input, p.directoryHour, 'Directory Service'),
    type,
  );
  if (!byType)
    throw new UnpricedError(
      `directory type "${type}" is not in the price table`,
    );
  return priced(
    hourly(
      input,
      `${type} domain controllers (2 × ${tier})`,
      price(byType, tier, `${type} size or edition`, input.region),
      2,
    ),
  );
};

const codebuild: Pricer = input => {
  const p = svc(input);
  const env = ['environment', 0];
  const type =
    knownString(input, [...env, 'compute_type']) ?? 'BUILD_GENERAL1_SMALL';
  const os = optString(input, [...env, 'type']) ?? 'LINUX_CONTAINER';
  if (os !== 'LINUX_CONTAINER')
    throw new UnpricedError(
      `environment type "${os}": only Linux containers are in the price table`,
    );
  return usageResult(input, 'build minutes', [
    {
      figure: 'monthlyBuildMinutes',
      name: `Build minutes (${type})`,
      unit: 'minutes',
      unitPrice: price(
        needHere(input, p.codebuildLinuxMinute, 'CodeBuild'),
        type,
        'compute type',
        input.region,
      ),
    },
  ]);
};

const ssmParameter: Pricer = input => {
  if (optString(input, 'tier') !== 'Advanced') {
    input.assume('Standard tier parameters are free');
    return priced();
  }
  return priced(
    component(
      'Advanced parameter',
      'months',
      1,
      needHere(
        input,
        svc(input).ssmAdvancedParameterMonth,
        'advanced parameter',
      ),
    ),
  );
};

const sagemakerNotebook: Pricer = input => {
  const type = knownString(input, 'instance_type');
  if (!type) throw new UnpricedError('instance_type is not set');
  const volume = optNumber(input, 'volume_size') ?? 5;
  input.assume(`ML storage (${volume} GB) not in the price table`);
  return priced(
    hourly(
      input,
      `Notebook instance (${type})`,
      price(
        needHere(
          input,
          svc(input).sagemakerNotebookHour,
          'SageMaker notebooks',
        ),
        type,
        'notebook instance type',
        input.region,
      ),
    ),
  );
};

/** Glue jobs bill DPU-hours: capacity × hours run (a usage figure). */
const glueJob: Pricer = input => {
  const workers = optNumber(input, 'number_of_workers');
  const workerType = optString(input, 'worker_type');
  const dpuPerWorker: Record<string, number> = {
    'G.1X': 1,
    'G.2X': 2,
    'G.4X': 4,
    'G.8X': 8,
    'G.025X': 0.25,
    Standard: 1,
  };
  const dpus =
    workers !== undefined &&
    workerType &&
    own(dpuPerWorker, workerType) !== undefined
      ? workers * (own(dpuPerWorker, workerType) ?? 1)
      : optNumber(input, 'max_capacity') ?? 10;
  return usageResult(input, 'job hours', [
    {
      figure: 'monthlyHours',
      name: `Job run (${dpus} DPUs)`,
      unit: 'DPU-hours',
      per: 1 / dpus,
      unitPrice: needHere(input, svc(input).glueDpuHour, 'Glue DPU-hour'),
    },
  ]);
};

const networkFirewall: Pricer = input => {
  const p = svc(input);
  const endpoints = Math.max(
    blocks(optional(input, 'subnet_mapping')).length,
    1,
  );
  return fixedWithUsage(
    input,
    [
      hourly(
        input,
        `Firewall endpoints (${endpoints})`,
        needHere(
          input,
          p.networkFirewallEndpointHour,
          'Network Firewall endpoint',
        ),
        endpoints,
      ),
    ],
    [
      {
        figure: 'monthlyDataProcessedGb',
        name: 'Data processed',
        unit: 'GB',
        unitPrice: needHere(
          input,
          p.networkFirewallPerGb,
          'Network Firewall data',
        ),
      },
    ],
  );
};

const privateCa: Pricer = input => {
  const mode = optString(input, 'usage_mode') ?? 'GENERAL_PURPOSE';
  return priced(
    component(
      `Private CA (${mode})`,
      'months',
      1,
      price(
        needHere(input, svc(input).privateCaMonth, 'Private CA'),
        mode,
        'usage mode',
        input.region,
      ),
    ),
  );
};

const flowLog: Pricer = input => {
  const p = svc(input);
  const dest = optString(input, 'log_destination_type') ?? 'cloud-watch-logs';
  const unit = new Map([
    ['s3', p.flowLogsToS3PerGb],
    ['cloud-watch-logs', p.flowLogsToCloudwatchPerGb],
  ]).get(dest);
  return usageResult(input, 'log volume delivered', [
    {
      figure: 'monthlyIngestGb',
      name: `Logs delivered (${dest})`,
      unit: 'GB',
      unitPrice: needHere(input, unit, `flow logs to ${dest}`),
    },
  ]);
};

export const AWS_SERVICE_PRICERS: Readonly<Record<string, Pricer>> = {
  aws_ecs_service: ecsService,
  aws_rds_cluster: rdsCluster,
  aws_rds_cluster_instance: rdsClusterInstance,
  aws_dynamodb_table: dynamodbTable,
  aws_sqs_queue: sqsQueue,
  aws_sns_topic: perMillion(
    'publishes',
    'Publishes',
    i => svc(i).snsPublishPerMillion,
  ),
  aws_cloudfront_distribution: cloudfront,
  aws_api_gateway_rest_api: perMillion(
    'requests',
    'REST API requests',
    i => svc(i).apiGatewayRestPerMillion,
  ),
  aws_apigatewayv2_api: apigatewayV2,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_cloudwatch_composite_alarm: monthly(
    'Composite alarm',
    i => svc(i).cloudwatchCompositeAlarmMonth,
  ),
  aws_cloudwatch_dashboard: monthly(
    'Dashboard',
    i => svc(i).cloudwatchDashboardMonth,
  ),
  aws_vpc_endpoint: vpcEndpoint,
  aws_vpn_connection: hourlyWithData(
    'VPN connection',
    i => svc(i).vpnConnectionHour,
  ),
  aws_ec2_transit_gateway_vpc_attachment: hourlyWithData(
    'Transit gateway attachment',
    i => svc(i).transitGatewayAttachmentHour,
    i => svc(i).transitGatewayPerGb,
  ),
  aws_ecr_repository: storage('Image storage', i => svc(i).ecrStorageGbMonth),
  aws_efs_file_system: storage(
    'Standard storage',
    i => svc(i).efsStandardGbMonth,
  ),
  aws_kinesis_stream: kinesisStream,
  aws_kinesis_firehose_delivery_stream: input =>
    usageResult(input, 'GB ingested', [
      {
        figure: 'monthlyIngestGb',
        name: 'Data ingested',
        unit: 'GB',
        unitPrice: needHere(
          input,
          svc(input).firehosePerGb,
          'Firehose ingestion',
        ),
      },
    ]),
  aws_msk_cluster: mskCluster,
  aws_mq_broker: mqBroker,
  aws_redshift_cluster: redshiftCluster,
  aws_opensearch_domain: searchDomain,
  aws_elasticsearch_domain: searchDomain,
  aws_docdb_cluster_instance: instanceHours(
    'DocumentDB',
    i => svc(i).docdbInstances,
  ),
  aws_docdb_cluster: clusterStorage(
    'DocumentDB',
    i => svc(i).docdbStorageGbMonth,
    i => svc(i).docdbIoPerMillion,
  ),
  aws_neptune_cluster_instance: instanceHours(
    'Neptune',
    i => svc(i).neptuneInstances,
  ),
  aws_neptune_cluster: clusterStorage(
    'Neptune',
    i => svc(i).neptuneStorageGbMonth,
    i => svc(i).neptuneIoPerMillion,
  ),
  aws_elasticache_serverless_cache: elasticacheServerless,
  aws_sfn_state_machine: sfnStateMachine,
  aws_wafv2_web_acl: wafv2WebAcl,
  aws_route53_health_check: route53HealthCheck,
  aws_route53_resolver_endpoint: resolverEndpoint,
  aws_cloudtrail: cloudtrail,
  aws_config_config_rule: input =>
    usageResult(input, 'rule evaluations', [
      {
        figure: 'monthlyEvents',
        name: 'Rule evaluations',
        unit: 'evaluations',
        unitPrice: needHere(
          input,
          svc(input).configRuleEvaluation,
          'Config rule evaluation',
        ),
      },
    ]),
  aws_backup_vault: storage(
    'Warm backup storage',
    i => svc(i).backupWarmGbMonth,
  ),
  aws_lambda_provisioned_concurrency_config: lambdaProvisionedConcurrency,
  aws_transfer_server: transferServer,
  aws_directory_service_directory: directory,
  aws_ec2_client_vpn_endpoint: input =>
    usageResult(input, 'connection hours', [
      {
        figure: 'monthlyHours',
        name: 'Client connections',
        unit: 'connection-hours',
        unitPrice: needHere(
          input,
          svc(input).clientVpnConnectionHour,
          'Client VPN connection',
        ),
      },
    ]),
  aws_ec2_client_vpn_network_association: input =>
    priced(
      hourly(
        input,
        'Client VPN subnet association',
        needHere(
          input,
          svc(input).clientVpnAssociationHour,
          'Client VPN association',
        ),
      ),
    ),
  aws_globalaccelerator_accelerator: input =>
    priced(
      hourly(
        input,
        'Accelerator',
        needHere(input, svc(input).globalAcceleratorHour, 'Global Accelerator'),
      ),
    ),
  aws_codebuild_project: codebuild,
  aws_ssm_parameter: ssmParameter,
  aws_sagemaker_notebook_instance: sagemakerNotebook,
  aws_glue_job: glueJob,
  aws_athena_workgroup: input =>
    usageResult(input, 'TB scanned', [
      {
        figure: 'monthlyDataScannedTb',
        name: 'Data scanned',
        unit: 'TB',
        unitPrice: needHere(input, svc(input).athenaPerTb, 'Athena scans'),
      },
    ]),
  aws_networkfirewall_firewall: networkFirewall,
  aws_acmpca_certificate_authority: privateCa,
  aws_kms_external_key: monthly(
    'Customer managed key (external)',
    i => regionPricesOf(i, 'aws').kmsKeyMonth,
  ),
  aws_kms_replica_key: monthly(
    'Customer managed key (replica)',
    i => regionPricesOf(i, 'aws').kmsKeyMonth,
  ),
  aws_ebs_snapshot: storage('Snapshot storage', i => svc(i).ebsSnapshotGbMonth),
  aws_flow_log: flowLog,
  aws_cloudwatch_event_bus: perMillion(
    'custom events',
    'Custom events',
    i => svc(i).eventBridgeCustomPerMillion,
  ),
  aws_appsync_graphql_api: perMillion(
    'query and data modification operations',
    'Operations',
    i => svc(i).appsyncPerMillion,
  ),
};
