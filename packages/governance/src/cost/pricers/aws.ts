import { isConfigured } from '../../plan/attributes';
import { asNumber, asStringList, blocks } from '../../plan/values';
import type { AwsRegionPrices } from '../prices/types';
import type { CostComponent } from '../types';
import { ebsComponents } from './awsEbs';
import {
  component,
  hourly,
  known,
  optional,
  price,
  priced,
  Pricer,
  PricingInput,
  regionPricesOf,
  UnpricedError,
} from './common';
import { AWS_SERVICE_PRICERS } from './awsServices';
import { extendedSupportTier, rdsVcpus } from './rdsExtendedSupport';

function regionPrices(input: PricingInput) {
  return regionPricesOf(input, 'aws');
}

const num = (input: PricingInput, key: string | Array<string | number>) =>
  asNumber(known(input, key));
const str = (input: PricingInput, key: string | Array<string | number>) => {
  const v = known(input, key);
  return typeof v === 'string' && v ? v : undefined;
};
/** Like str, for attributes with a default: hidden values read as unset. */
const optStr = (input: PricingInput, key: string) => {
  const v = optional(input, key);
  return typeof v === 'string' && v ? v : undefined;
};

const DEFAULT_ROOT_GB = 8;

/** Root volume and inline EBS devices; attached aws_ebs_volume resources are priced on their own. */
function instanceVolumes(
  input: PricingInput,
  prices: AwsRegionPrices,
): CostComponent[] {
  const out: CostComponent[] = [];
  const root = blocks(optional(input, 'root_block_device'))[0];
  const rootType =
    root && typeof root.volume_type === 'string' && root.volume_type
      ? root.volume_type
      : undefined;
  const rootSize = asNumber(root?.volume_size ?? null);
  if (!rootType || rootSize === undefined) {
    input.assume(
      `root volume ${
        rootSize === undefined
          ? `size comes from the AMI; assumed ${DEFAULT_ROOT_GB} GB`
          : `${rootSize} GB`
      }, ` + `${rootType ? rootType : 'type assumed gp2'}`,
    );
  }
  out.push(
    ...ebsComponents(
      {
        label: 'Root volume',
        type: rootType ?? 'gp2',
        sizeGb: rootSize ?? DEFAULT_ROOT_GB,
        iops: asNumber(root?.iops ?? null),
        throughput: asNumber(root?.throughput ?? null),
      },
      prices.ebs,
    ),
  );
  blocks(optional(input, 'ebs_block_device')).forEach((device, i) => {
    const volumeId =
      typeof device.volume_id === 'string' ? device.volume_id : undefined;
    if (volumeId && input.managedVolumeIds.has(volumeId)) return;
    const size = asNumber(device.volume_size ?? null);
    if (size === undefined)
      throw new UnpricedError(
        `ebs_block_device[${i}].volume_size is not known`,
      );
    let type =
      typeof device.volume_type === 'string' && device.volume_type
        ? device.volume_type
        : undefined;
    if (!type) {
      input.assume(`ebs_block_device[${i}] type assumed gp2`);
      type = 'gp2';
    }
    out.push(
      ...ebsComponents(
        {
          label: `Block device ${String(device.device_name ?? i)}`,
          type,
          sizeGb: size,
          iops: asNumber(device.iops ?? null),
          throughput: asNumber(device.throughput ?? null),
        },
        prices.ebs,
      ),
    );
  });
  return out;
}

const awsInstance: Pricer = input => {
  const prices = regionPrices(input);
  const type = str(input, 'instance_type');
  if (!type) throw new UnpricedError('instance_type is not set');
  const tenancy = optStr(input, 'tenancy');
  if (tenancy === 'dedicated' || tenancy === 'host') {
    throw new UnpricedError('dedicated tenancy is not in the price table');
  }
  input.assume('Linux, shared tenancy, on-demand');
  const unitPrice = price(prices.ec2, type, 'EC2 instance type', input.region);
  const hours = input.usage?.monthlyHours;
  if (hours !== undefined)
    input.assume(`${hours} on-demand hours a month (usage figure)`);
  return priced(
    hours === undefined
      ? hourly(input, `Instance usage (Linux, on-demand, ${type})`, unitPrice)
      : component(
          `Instance usage (Linux, on-demand, ${type})`,
          'hours',
          hours,
          unitPrice,
        ),
    ...instanceVolumes(input, prices),
  );
};

const awsEbsVolume: Pricer = input => {
  const prices = regionPrices(input);
  const size = num(input, 'size');
  if (size === undefined)
    throw new UnpricedError('size is not set (snapshot size unknown)');
  let type = optStr(input, 'type');
  if (!type) {
    input.assume('volume type not set; gp2 assumed (the EC2 default)');
    type = 'gp2';
  }
  // io1/io2 bill every provisioned IOPS: an unknown figure cannot be priced.
  const provisioned = type === 'io1' || type === 'io2';
  const iops = asNumber(
    provisioned ? known(input, 'iops') : optional(input, 'iops'),
  );
  if (provisioned && iops === undefined)
    throw new UnpricedError(`iops is not set for a ${type} volume`);
  return priced(
    ...ebsComponents(
      {
        label: 'Volume',
        type,
        sizeGb: size,
        iops,
        throughput: asNumber(optional(input, 'throughput')),
      },
      prices.ebs,
    ),
  );
};

const RDS_ENGINE_FAMILY: Record<string, string> = {
  mysql: 'mysql',
  mariadb: 'mysql',
  postgres: 'postgres',
};

/**
 * What AWS bills for running a MySQL or PostgreSQL major version past its
 * standard support, for the estimate's day: per vCPU-hour, per instance.
 */
function extendedSupport(
  input: PricingInput,
  engine: string,
  instanceClass: string,
  instances: number,
): CostComponent[] {
  const support = extendedSupportTier(
    engine,
    optStr(input, 'engine_version'),
    input.pricedAt,
  );
  if (!support) return [];
  const what = `${engine} ${support.major} is in RDS Extended Support (${support.tier})`;
  const rates = regionPrices(input).rds.extendedSupportVcpuHour;
  const vcpus = rdsVcpus(instanceClass);
  if (!rates || !vcpus) {
    input.assume(
      `${what}; not priced: ${
        rates
          ? `the vCPUs of ${instanceClass} are not known`
          : `no Extended Support rate for ${input.region} in the price table`
      }`,
    );
    return [];
  }
  const rate = support.tier === 'year3' ? rates.year3 : rates.year12;
  return [
    hourly(
      input,
      `Extended Support (${engine} ${support.major}, ${support.tier}, ${vcpus} vCPUs)`,
      rate,
      vcpus * instances,
    ),
  ];
}

const awsDbInstance: Pricer = input => {
  const prices = regionPrices(input);
  const engine = str(input, 'engine') ?? '';
  const family = RDS_ENGINE_FAMILY[engine];
  if (!family) {
    throw new UnpricedError(
      engine.startsWith('aurora')
        ? 'Aurora instances are priced with their cluster, which is not in the price table'
        : `engine "${
            engine || 'unset'
          }" is not in the price table (only MySQL, MariaDB, PostgreSQL)`,
    );
  }
  const cls = str(input, 'instance_class');
  if (!cls) throw new UnpricedError('instance_class is not set');
  const multiAz = optional(input, 'multi_az') === true;
  const azFactor = multiAz ? 2 : 1;
  const deployment = multiAz ? 'Multi-AZ' : 'Single-AZ';
  const out = [
    hourly(
      input,
      `Database instance (${engine}, ${cls}, ${deployment})`,
      price(
        prices.rds.instances[family],
        cls,
        `RDS ${family} class`,
        input.region,
      ),
      azFactor,
    ),
  ];
  out.push(...extendedSupport(input, engine, cls, azFactor));
  const size = num(input, 'allocated_storage');
  if (size === undefined)
    throw new UnpricedError('allocated_storage is not set');
  let storageType = optStr(input, 'storage_type');
  if (!storageType) {
    input.assume('storage_type not set; gp2 assumed');
    storageType = 'gp2';
  }
  const storagePrice =
    prices.rds.storage[storageType as keyof AwsRegionPrices['rds']['storage']];
  if (storagePrice === undefined)
    throw new UnpricedError(
      `RDS storage type "${storageType}" is not in the price table`,
    );
  out.push(
    component(
      `Storage (${storageType}, ${deployment})`,
      'GB-months',
      size * azFactor,
      storagePrice,
    ),
  );
  const provisioned = storageType === 'io1' || storageType === 'io2';
  const iops = asNumber(provisioned ? known(input, 'iops') : undefined) ?? 0;
  if (provisioned && iops === 0)
    throw new UnpricedError(`iops is not set for ${storageType} storage`);
  if (
    storageType === 'gp3' &&
    (isConfigured(input.plan, input.resource, 'iops') ||
      isConfigured(input.plan, input.resource, 'storage_throughput'))
  ) {
    input.assume(
      'gp3 IOPS and throughput provisioned above the included baseline are not in the price table',
    );
  }
  if (provisioned) {
    out.push(
      component(
        `Provisioned IOPS (${deployment})`,
        'IOPS-months',
        iops * azFactor,
        prices.rds.iops,
      ),
    );
  }
  return priced(...out);
};

const awsNatGateway: Pricer = input => {
  const prices = regionPrices(input);
  const out = [hourly(input, 'NAT gateway hours', prices.natGatewayHour)];
  const gb = input.usage?.monthlyDataProcessedGb;
  if (gb !== undefined)
    out.push(component('Data processed', 'GB', gb, prices.natGatewayPerGb));
  else
    input.assume(
      `data processing (${prices.natGatewayPerGb} USD/GB) not included: no usage figure`,
    );
  return priced(...out);
};

const awsLb: Pricer = input => {
  const prices = regionPrices(input);
  const kind = optStr(input, 'load_balancer_type') ?? 'application';
  const hour = {
    application: prices.albHour,
    network: prices.nlbHour,
    gateway: prices.gwlbHour,
  }[kind];
  if (hour === undefined)
    throw new UnpricedError(
      `load balancer type "${kind}" is not in the price table`,
    );
  input.assume('capacity units (LCU/NLCU) are usage-priced and not included');
  return priced(hourly(input, `Load balancer hours (${kind})`, hour));
};

const awsClassicElb: Pricer = input => {
  input.assume('data processed is usage-priced and not included');
  return priced(
    hourly(
      input,
      'Classic load balancer hours',
      regionPrices(input).classicElbHour,
    ),
  );
};

const awsEksCluster: Pricer = input =>
  priced(
    hourly(input, 'EKS cluster hours', regionPrices(input).eksClusterHour),
  );

const awsEksNodeGroup: Pricer = input => {
  const prices = regionPrices(input);
  if (optStr(input, 'capacity_type') === 'SPOT')
    throw new UnpricedError('spot capacity has no fixed price');
  const desired = num(input, ['scaling_config', 0, 'desired_size']);
  if (desired === undefined)
    throw new UnpricedError('scaling_config.desired_size is not set');
  let types = asStringList(optional(input, 'instance_types'));
  if (types.length === 0) {
    input.assume('instance type assumed t3.medium (the EKS default)');
    types = ['t3.medium'];
  }
  const type = types[0];
  const disk = asNumber(optional(input, 'disk_size')) ?? 20;
  input.assume(`node disks assumed ${disk} GB gp2 each`);
  return priced(
    hourly(
      input,
      `Nodes (${desired} × ${type}, on-demand)`,
      price(prices.ec2, type, 'EC2 instance type', input.region),
      desired,
    ),
    component(
      `Node disks (${desired} × ${disk} GB gp2)`,
      'GB-months',
      desired * disk,
      prices.ebs.gp2,
    ),
  );
};

const awsEip: Pricer = input => {
  const prices = regionPrices(input);
  const attachedTo =
    optStr(input, 'instance') ??
    optStr(input, 'network_interface') ??
    [
      ...input.plan.relations.referrers(
        input.resource,
        'aws_nat_gateway',
        'allocation_id',
      ),
      ...input.plan.relations.referrers(
        input.resource,
        'aws_eip_association',
        'allocation_id',
      ),
    ][0]?.address;
  input.assume(
    'AWS bills every public IPv4 address, attached or idle, since 2024-02-01',
  );
  return priced(
    attachedTo
      ? hourly(
          input,
          `Public IPv4 address (attached to ${attachedTo})`,
          prices.publicIpv4InUseHour,
        )
      : hourly(
          input,
          'Public IPv4 address (unattached Elastic IP)',
          prices.publicIpv4IdleHour,
        ),
  );
};

const awsElasticacheCluster: Pricer = input => {
  const prices = regionPrices(input);
  if (optStr(input, 'replication_group_id')) {
    throw new UnpricedError(
      'member of a replication group; priced with aws_elasticache_replication_group',
    );
  }
  const nodeType = str(input, 'node_type');
  if (!nodeType) throw new UnpricedError('node_type is not set');
  const nodes = asNumber(optional(input, 'num_cache_nodes')) ?? 1;
  return priced(
    hourly(
      input,
      `Cache nodes (${nodes} × ${nodeType})`,
      price(
        prices.elasticache,
        nodeType,
        'ElastiCache node type',
        input.region,
      ),
      nodes,
    ),
  );
};

const awsElasticacheReplicationGroup: Pricer = input => {
  const prices = regionPrices(input);
  const nodeType = str(input, 'node_type');
  if (!nodeType) throw new UnpricedError('node_type is not set');
  const shards = num(input, 'num_node_groups');
  const replicas = num(input, 'replicas_per_node_group');
  const nodes =
    shards !== undefined
      ? shards * ((replicas ?? 0) + 1)
      : num(input, 'num_cache_clusters') ?? 1;
  return priced(
    hourly(
      input,
      `Cache nodes (${nodes} × ${nodeType})`,
      price(
        prices.elasticache,
        nodeType,
        'ElastiCache node type',
        input.region,
      ),
      nodes,
    ),
  );
};

const monthlyFee =
  (name: string, pick: (p: AwsRegionPrices) => number): Pricer =>
  input =>
    priced(component(name, 'months', 1, pick(regionPrices(input))));

const awsLambda: Pricer = input => {
  const prices = regionPrices(input);
  const requests = input.usage?.monthlyRequests;
  const duration = input.usage?.averageDurationMs;
  if (requests === undefined) {
    return {
      status: 'usage-priced',
      components: [],
      reason: 'priced by requests and duration; no usage figure given',
    };
  }
  const memoryMb = asNumber(optional(input, 'memory_size')) ?? 128;
  const gbSeconds = (requests * (duration ?? 100) * memoryMb) / 1000 / 1024;
  if (duration === undefined) input.assume('average duration assumed 100 ms');
  return {
    status: 'usage-priced',
    reason: 'priced from the usage figures given',
    components: [
      component(
        'Requests',
        'million requests',
        requests / 1e6,
        prices.lambdaPerMillionRequests,
      ),
      component(
        `Duration (${memoryMb} MB)`,
        'GB-seconds',
        gbSeconds,
        prices.lambdaPerGbSecond,
      ),
    ],
  };
};

const awsS3Bucket: Pricer = input => {
  const gb = input.usage?.storageGb;
  if (gb === undefined) {
    return {
      status: 'usage-priced',
      components: [],
      reason: 'priced by stored GB and requests; no usage figure given',
    };
  }
  input.assume('S3 Standard storage class; requests and transfer not included');
  return {
    status: 'usage-priced',
    reason: 'priced from the usage figures given',
    components: [
      component(
        'Storage (S3 Standard)',
        'GB-months',
        gb,
        regionPrices(input).s3StandardGbMonth,
      ),
    ],
  };
};

const awsLogGroup: Pricer = input => {
  const prices = regionPrices(input);
  const ingest = input.usage?.monthlyIngestGb;
  const stored = input.usage?.storageGb;
  if (ingest === undefined && stored === undefined) {
    return {
      status: 'usage-priced',
      components: [],
      reason: 'priced by ingested and stored GB; no usage figure given',
    };
  }
  const out: CostComponent[] = [];
  if (ingest !== undefined)
    out.push(component('Log ingestion', 'GB', ingest, prices.logsIngestPerGb));
  if (stored !== undefined)
    out.push(
      component(
        'Log storage',
        'GB-months',
        stored,
        prices.logsStoragePerGbMonth,
      ),
    );
  return {
    status: 'usage-priced',
    reason: 'priced from the usage figures given',
    components: out,
  };
};

export const AWS_PRICERS: Readonly<Record<string, Pricer>> = {
  aws_instance: awsInstance,
  aws_ebs_volume: awsEbsVolume,
  aws_db_instance: awsDbInstance,
  aws_nat_gateway: awsNatGateway,
  aws_lb: awsLb,
  aws_alb: awsLb,
  aws_elb: awsClassicElb,
  aws_eks_cluster: awsEksCluster,
  aws_eks_node_group: awsEksNodeGroup,
  aws_eip: awsEip,
  aws_elasticache_cluster: awsElasticacheCluster,
  aws_elasticache_replication_group: awsElasticacheReplicationGroup,
  aws_kms_key: monthlyFee('Customer managed key', p => p.kmsKeyMonth),
  aws_route53_zone: monthlyFee('Hosted zone', p => p.route53ZoneMonth),
  aws_secretsmanager_secret: monthlyFee(
    'Secret',
    p => p.secretsManagerSecretMonth,
  ),
  aws_lambda_function: awsLambda,
  aws_s3_bucket: awsS3Bucket,
  aws_cloudwatch_log_group: awsLogGroup,
  ...AWS_SERVICE_PRICERS,
};
