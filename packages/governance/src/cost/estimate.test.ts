import { loadFixture, fixtureDocument } from '../__testUtils__/fixtures';
import { parsePlan } from '../plan/parsePlan';
import { ResourceSpec, planOf } from '../__testUtils__/plans';
import type { JsonObject } from '../plan/types';
import { estimateCost } from './estimate';
import { CostInputError } from './mergePrices';
import type { Estimate } from './types';

const line = (e: Estimate, address: string) => {
  const l = e.resources.find(r => r.address === address);
  if (!l) throw new Error(`no line for ${address}`);
  return l;
};

describe('cost estimate', () => {
  it('prices an instance with its root and inline block devices (us-east-1)', () => {
    const e = estimateCost(loadFixture('04-infracost-example_plan.json'));
    const web = line(e, 'aws_instance.web_app');
    // m5.4xlarge 0.768 $/h × 730 h = 560.64
    // root 50 GB gp2 × 0.10 = 5.00
    // io1 1000 GB × 0.125 = 125.00, 800 IOPS × 0.065 = 52.00
    expect(web.components.map(c => c.monthly)).toEqual([560.64, 5, 125, 52]);
    expect(web.monthly).toBeCloseTo(742.64, 4);
    expect(web.components[0]).toMatchObject({
      unit: 'hours',
      quantity: 730,
      unitPrice: 0.768,
    });
    expect(web.region).toBe('us-east-1');
    expect(web.assumptions.join(' ')).toContain('type assumed gp2');
    // Two identical instances; Lambda and S3 are usage-priced and listed.
    expect(e.monthlyAfter).toBeCloseTo(2 * 742.64, 4);
    expect(e.unpriced.map(u => [u.address, u.status])).toEqual([
      ['aws_lambda_function.hello_world', 'usage-priced'],
      ['aws_lambda_function.zero_cost_lambda', 'usage-priced'],
      ['aws_s3_bucket.usage', 'usage-priced'],
    ]);
    expect(line(e, 'aws_s3_bucket.usage').monthly).toBe(0);
  });

  it('prices usage-priced resources when usage is given', () => {
    const e = estimateCost(loadFixture('04-infracost-example_plan.json'), {
      usage: {
        'aws_lambda_function.hello_world': {
          monthlyRequests: 2_000_000,
          averageDurationMs: 250,
        },
        'aws_s3_bucket.*': { storageGb: 100 },
      },
    });
    // 2 M requests × 0.20 = 0.40; 2e6 × 0.25 s × 1 GB (1024 MB) = 500,000 GB-s × 0.0000166667 = 8.33335
    expect(line(e, 'aws_lambda_function.hello_world').monthly).toBeCloseTo(
      0.4 + 8.3334,
      3,
    );
    // 100 GB × 0.023 = 2.30
    expect(line(e, 'aws_s3_bucket.usage').monthly).toBeCloseTo(2.3, 4);
  });

  it('prices before and after from prior state, with the delta', () => {
    const e = estimateCost(
      loadFixture('06a-infracost-instance_with_attachment_before_deploy.json'),
    );
    // Before: the existing 128 GB gp2 volume = 12.80
    // After: + t2.nano 0.0058 × 730 = 4.234, + 8 GB gp2 root = 0.80
    expect(e.monthlyBefore).toBeCloseTo(12.8, 4);
    expect(e.monthlyAfter).toBeCloseTo(12.8 + 4.234 + 0.8, 4);
    expect(e.delta).toBeCloseTo(5.034, 4);
  });

  it('does not price an attached volume twice', () => {
    const e = estimateCost(
      loadFixture('06b-infracost-instance_with_attachment_after_deploy.json'),
    );
    // The instance lists vol-00a78... in ebs_block_device; aws_ebs_volume.storage prices it.
    expect(line(e, 'aws_instance.ec2').components.map(c => c.name)).toEqual([
      'Instance usage (Linux, on-demand, t2.nano)',
      'Root volume storage (gp2)',
    ]);
    expect(e.monthlyAfter).toBeCloseTo(12.8 + 4.234 + 0.8, 4);
    expect(e.delta).toBe(0);
  });

  it('prices RDS by engine, class and storage, and modules by their provider region', () => {
    // Priced before MySQL 5.7's Extended Support began (2024-03-01); the
    // Extended Support charge has its own test (infracostParity.test.ts).
    const e = estimateCost(
      loadFixture('05-infracost-terraform_v0.14_plan.json'),
      { now: new Date('2024-01-15T00:00:00Z') },
    );
    const db = line(
      e,
      'module.db.module.db_1.module.db_instance.aws_db_instance.this[0]',
    );
    // db.t3.micro MySQL 0.017 × 730 = 12.41; 5 GB gp2 × 0.115 = 0.575
    expect(db.monthlyBefore).toBeCloseTo(12.985, 4);
    expect(db.monthlyAfter).toBeCloseTo(12.985, 4);
    // 6 existing t3.nano + 8 GB gp2: 6 × (3.796 + 0.8); 6 new ones the same; + db_1, + db_2 (new)
    expect(e.monthlyBefore).toBeCloseTo(6 * 4.596 + 12.985, 3);
    expect(e.monthlyAfter).toBeCloseTo(12 * 4.596 + 2 * 12.985, 3);
  });

  it('doubles instance and storage for Multi-AZ and adds provisioned IOPS', () => {
    const doc = fixtureDocument('05-infracost-terraform_v0.14_plan.json') as {
      resource_changes: Array<{
        address: string;
        change: {
          after: Record<string, unknown>;
          after_unknown: Record<string, unknown>;
        };
      }>;
    };
    const rc = doc.resource_changes.find(r =>
      r.address.endsWith('db_2.module.db_instance.aws_db_instance.this[0]'),
    )!;
    Object.assign(rc.change.after, {
      multi_az: true,
      storage_type: 'io1',
      allocated_storage: 100,
      iops: 1000,
      instance_class: 'db.m5.large',
      engine: 'postgres',
    });
    delete rc.change.after_unknown.storage_type;
    const l = line(estimateCost(parsePlan(JSON.stringify(doc))), rc.address);
    // postgres db.m5.large 0.178 × 730 × 2 = 259.88; io1 100 GB × 2 × 0.125 = 25; 1000 IOPS × 2 × 0.10 = 200
    expect(l.components.map(c => c.monthly)).toEqual([259.88, 25, 200]);
  });

  it('prices NAT gateways and their EIPs in the plan region (eu-west-1)', () => {
    const e = estimateCost(
      loadFixture('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
    );
    const nat = line(e, 'module.vpc.aws_nat_gateway.this[0]');
    expect(nat.region).toBe('eu-west-1');
    expect(nat.monthly).toBeCloseTo(0.048 * 730, 4); // 35.04
    const eip = line(e, 'module.vpc.aws_eip.nat[1]');
    expect(eip.components[0].name).toBe(
      'Public IPv4 address (attached to module.vpc.aws_nat_gateway.this[1])',
    );
    expect(eip.monthly).toBeCloseTo(0.005 * 730, 4); // 3.65
    expect(e.monthlyAfter).toBeCloseTo(3 * 35.04 + 3 * 3.65, 4);
  });

  it('prices GCP and Azure resources by their zone or location', () => {
    const gcp = estimateCost(
      loadFixture('09-gcp-tfplan2cai-compute-instance-iam.tfplan.json'),
    );
    // e2-medium us-central1 0.033503 × 730 = 24.45719; boot disk 10 GB pd-standard × 0.04 = 0.40
    expect(line(gcp, 'google_compute_instance.tgc-iam').monthly).toBeCloseTo(
      24.4572 + 0.4,
      3,
    );
    const azure = estimateCost(
      loadFixture('10-infracost-azure_firewall_plan.json'),
    );
    // Standard 1.25 × 730 = 912.50 (×3), Premium 1.75 × 730 = 1277.50 (×2), Standard public IP 0.005 × 730 = 3.65
    expect(line(azure, 'azurerm_firewall.premium').monthly).toBeCloseTo(
      1277.5,
      4,
    );
    expect(azure.monthlyAfter).toBeCloseTo(3 * 912.5 + 2 * 1277.5 + 3.65, 4);
    expect(azure.unpriced.map(u => u.address)).toEqual([
      'azurerm_virtual_hub.example',
      'azurerm_virtual_wan.example',
    ]);
  });

  it('reports coverage and never drops a resource silently', () => {
    const plan = loadFixture('01-checkov-terragoat-tfplan.json');
    const e = estimateCost(plan);
    const managed = plan.resources.filter(r => r.mode === 'managed').length;
    expect(e.resources).toHaveLength(managed);
    const c = e.coverage;
    expect(c.priced + c.free + c.usagePriced + c.unpriced).toBe(c.total);
    expect(e.unpriced.length).toBe(c.usagePriced + c.unpriced);
    expect(
      e.unpriced.find(u => u.address === 'aws_neptune_cluster.default')?.reason,
    ).toBe('priced by stored GB and I/O requests; no usage figure given');

    // Region from the provider block: us-west-2.
    expect(line(e, 'aws_eks_cluster.eks_cluster')).toMatchObject({
      region: 'us-west-2',
      monthly: 73,
    });
  });

  it('takes price overrides', () => {
    const e = estimateCost(
      loadFixture('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
      {
        prices: {
          date: '2030-01-01',
          aws: { 'eu-west-1': { natGatewayHour: 0.1, publicIpv4InUseHour: 0 } },
        },
      },
    );
    expect(e.priceTableDate).toBe('2030-01-01');
    expect(e.monthlyAfter).toBeCloseTo(3 * 73, 4);
  });

  it('leaves a resource out of both totals when a deciding value is unknown', () => {
    const doc = fixtureDocument('04-infracost-example_plan.json') as {
      resource_changes: Array<{
        address: string;
        change: {
          after: Record<string, unknown>;
          after_unknown: Record<string, unknown>;
        };
      }>;
    };
    const rc = doc.resource_changes.find(
      r => r.address === 'aws_instance.web_app',
    )!;
    delete rc.change.after.instance_type;
    rc.change.after_unknown.instance_type = true;
    const e = estimateCost(parsePlan(JSON.stringify(doc)));
    expect(line(e, 'aws_instance.web_app')).toMatchObject({
      status: 'unpriced',
      monthly: 0,
      reason: 'instance_type is only known after apply',
    });
    expect(e.monthlyAfter).toBeCloseTo(742.64, 4);
  });
});

describe('every priced type, with its dimensions (derived plan, us-west-2 list prices)', () => {
  const gb = (n: number) => n;
  const plan = planOf(
    [
      {
        type: 'aws_ebs_volume',
        name: 'gp3',
        after: { size: gb(200), type: 'gp3', iops: 5000, throughput: 250 },
      },
      {
        type: 'aws_ebs_volume',
        name: 'io2',
        after: { size: gb(100), type: 'io2', iops: 40000 },
      },
      {
        type: 'aws_ebs_volume',
        name: 'st1',
        after: { size: 500, type: 'st1' },
      },
      {
        type: 'aws_ebs_volume',
        name: 'sc1',
        after: { size: 1000, type: 'sc1' },
      },
      {
        type: 'aws_ebs_volume',
        name: 'io1_hidden',
        after: { size: 100, type: 'io1' },
        unknown: { iops: true },
        config: { iops: { references: ['var.iops'] } },
      },
      {
        type: 'aws_lb',
        name: 'alb',
        after: { load_balancer_type: 'application' },
      },
      { type: 'aws_lb', name: 'nlb', after: { load_balancer_type: 'network' } },
      { type: 'aws_elb', name: 'classic', after: { name: 'classic' } },
      { type: 'aws_eks_cluster', name: 'eks', after: { name: 'eks' } },
      {
        type: 'aws_eks_node_group',
        name: 'nodes',
        after: {
          instance_types: ['m5.large'],
          scaling_config: [{ desired_size: 3, min_size: 1, max_size: 5 }],
        },
        unknown: { disk_size: true },
      },
      {
        type: 'aws_elasticache_cluster',
        name: 'cache',
        after: { node_type: 'cache.t3.medium', num_cache_nodes: 2 },
      },
      {
        type: 'aws_kms_key',
        name: 'key',
        after: { enable_key_rotation: true },
      },
      { type: 'aws_eip', name: 'idle', after: { domain: 'vpc' } },
      { type: 'aws_nat_gateway', name: 'nat', after: {} },
      { type: 'aws_cloudwatch_log_group', name: 'logs', after: { name: 'l' } },
      {
        type: 'aws_cloudwatch_log_group',
        name: 'quiet',
        after: { name: 'q' },
      },
      {
        type: 'aws_db_instance',
        name: 'db',
        after: {
          engine: 'postgres',
          instance_class: 'db.t3.medium',
          allocated_storage: 100,
          storage_type: 'gp3',
          multi_az: false,
          iops: 12000,
        },
        config: { iops: { constant_value: 12000 } },
      },
      {
        type: 'aws_instance',
        name: 'web',
        after: {
          instance_type: 't3.micro',
          root_block_device: [{ volume_size: 30, volume_type: 'gp3' }],
        },
      },
      {
        // AWS provider 6: a resource may set its own region.
        type: 'aws_instance',
        name: 'frankfurt',
        after: { instance_type: 't3.micro', region: 'eu-central-1' },
        unknown: { root_block_device: true },
      },
      {
        // The zone comes from the provider block.
        type: 'google_compute_instance',
        name: 'vm',
        after: { machine_type: 'e2-medium', boot_disk: [{}] },
        unknown: { zone: true },
      },
    ],
    {
      aws: { region: { constant_value: 'us-west-2' } },
      google: { zone: { constant_value: 'europe-west1-b' } },
    },
  );
  const e = estimateCost(plan, {
    usage: {
      'aws_nat_gateway.nat': { monthlyDataProcessedGb: 100 },
      'aws_cloudwatch_log_group.logs': { monthlyIngestGb: 10, storageGb: 50 },
    },
  });
  const monthly = (address: string) => line(e, address).monthly;
  const parts = (address: string) =>
    line(e, address).components.map(c => [c.quantity, c.unitPrice, c.monthly]);

  it('prices EBS volume types with their IOPS and throughput', () => {
    // gp3: 200 GB × 0.08 = 16; (5,000 − 3,000) IOPS × 0.005 = 10; (250 − 125) MB/s × 0.04 = 5
    expect(parts('aws_ebs_volume.gp3')).toEqual([
      [200, 0.08, 16],
      [2000, 0.005, 10],
      [125, 0.04, 5],
    ]);
    // io2: 100 GB × 0.125 = 12.5; 32,000 IOPS × 0.065 = 2,080; 8,000 × 0.0455 = 364
    expect(monthly('aws_ebs_volume.io2')).toBeCloseTo(12.5 + 2080 + 364, 4);
    expect(monthly('aws_ebs_volume.st1')).toBeCloseTo(500 * 0.045, 4); // 22.5
    expect(monthly('aws_ebs_volume.sc1')).toBeCloseTo(1000 * 0.015, 4); // 15
    expect(line(e, 'aws_ebs_volume.io1_hidden')).toMatchObject({
      status: 'unpriced',
      reason: 'iops is only known after apply',
    });
  });

  it('prices load balancers, EKS, ElastiCache, KMS, EIPs and NAT by the hour or month', () => {
    expect(monthly('aws_lb.alb')).toBeCloseTo(730 * 0.0225, 4); // 16.425
    expect(monthly('aws_lb.nlb')).toBeCloseTo(730 * 0.0225, 4);
    expect(monthly('aws_elb.classic')).toBeCloseTo(730 * 0.025, 4); // 18.25
    expect(monthly('aws_eks_cluster.eks')).toBeCloseTo(730 * 0.1, 4); // 73
    // 3 × m5.large: 3 × 730 h × 0.096 = 210.24; disks 3 × 20 GB gp2 × 0.10 = 6
    expect(parts('aws_eks_node_group.nodes')).toEqual([
      [2190, 0.096, 210.24],
      [60, 0.1, 6],
    ]);
    // 2 × cache.t3.medium: 2 × 730 × 0.068 = 99.28
    expect(monthly('aws_elasticache_cluster.cache')).toBeCloseTo(99.28, 4);
    expect(monthly('aws_kms_key.key')).toBe(1);
    expect(line(e, 'aws_eip.idle').components[0]).toMatchObject({
      name: 'Public IPv4 address (unattached Elastic IP)',
      monthly: 3.65, // 730 × 0.005
    });
    // 730 × 0.045 = 32.85, plus 100 GB processed × 0.045 = 4.5
    expect(monthly('aws_nat_gateway.nat')).toBeCloseTo(32.85 + 4.5, 4);
  });

  it('prices usage-priced log groups from usage, and lists them without it', () => {
    // ingestion 10 GB × 0.50 = 5; storage 50 GB × 0.03 = 1.5
    expect(monthly('aws_cloudwatch_log_group.logs')).toBeCloseTo(6.5, 4);
    expect(monthly('aws_cloudwatch_log_group.quiet')).toBe(0);
    expect(e.unpriced).toContainEqual(
      expect.objectContaining({
        address: 'aws_cloudwatch_log_group.quiet',
        status: 'usage-priced',
      }),
    );
  });

  it('prices RDS and EC2 with storage, noting what the table leaves out', () => {
    // db.t3.medium PostgreSQL 730 × 0.072 = 52.56; gp3 100 GB × 0.115 = 11.5
    const db = line(e, 'aws_db_instance.db');
    expect(db.monthly).toBeCloseTo(64.06, 4);
    expect(db.assumptions.join(' ')).toContain(
      'gp3 IOPS and throughput provisioned above the included baseline',
    );
    // t3.micro 730 × 0.0104 = 7.592; root 30 GB gp3 × 0.08 = 2.4
    expect(monthly('aws_instance.web')).toBeCloseTo(9.992, 4);
    expect(line(e, 'aws_instance.web').region).toBe('us-west-2');
  });

  it('takes the region from the resource, else from its provider block', () => {
    const fra = line(e, 'aws_instance.frankfurt');
    expect(fra.region).toBe('eu-central-1');
    // t3.micro in eu-central-1: 730 × 0.012 = 8.76; assumed 8 GB gp2 root × 0.119 = 0.952
    expect(fra.monthly).toBeCloseTo(9.712, 4);
    const vm = line(e, 'google_compute_instance.vm');
    expect(vm.region).toBe('europe-west1');
    // e2-medium 730 × 0.036852 = 26.90196; 10 GB pd-standard × 0.04 = 0.40
    expect(vm.monthly).toBeCloseTo(26.90196 + 0.4, 4);
  });
});

describe('GCP service resources (Cloud SQL, KMS, Cloud Storage, Artifact Registry)', () => {
  const sql = (
    name: string,
    settings: JsonObject,
    region = 'us-central1',
  ): ResourceSpec => ({
    type: 'google_sql_database_instance',
    name,
    after: { region, database_version: 'POSTGRES_16', settings: [settings] },
  });
  const plan = planOf(
    [
      sql('ha', {
        tier: 'db-custom-2-7680',
        availability_type: 'REGIONAL',
        disk_type: 'PD_SSD',
        disk_size: 50,
      }),
      sql('zonal', { tier: 'db-n1-standard-1', availability_type: 'ZONAL' }),
      sql('belgium', { tier: 'db-custom-1-3840' }, 'europe-west1'),
      sql('shared', { tier: 'db-f1-micro' }),
      { type: 'google_kms_crypto_key', name: 'key', after: { name: 'k' } },
      { type: 'google_storage_bucket', name: 'data', after: { name: 'b' } },
      {
        type: 'google_artifact_registry_repository',
        name: 'images',
        after: { repository_id: 'api', format: 'DOCKER' },
      },
      { type: 'google_billing_budget', name: 'budget', after: {} },
      { type: 'google_sql_user', name: 'app', after: { name: 'a' } },
    ],
    { google: { region: { constant_value: 'us-central1' } } },
  );
  const e = estimateCost(plan, {
    usage: { 'google_storage_bucket.data': { storageGb: 200 } },
  });
  const parts = (address: string) =>
    line(e, address).components.map(c => [c.quantity, c.unitPrice, c.monthly]);

  it('prices a Cloud SQL instance by vCPU, memory and storage, twice for a regional one', () => {
    // 2 vCPU × 2 (standby) × 730 h × 0.0413; 7.5 GB × 2 × 730 h × 0.007; 50 GB × 2 × 0.17
    expect(parts('google_sql_database_instance.ha')).toEqual([
      [2920, 0.0413, 120.596],
      [10950, 0.007, 76.65],
      [100, 0.17, 17],
    ]);
    // db-n1-standard-1: 1 vCPU, 3.75 GB; no disk_size: 10 GB assumed.
    expect(parts('google_sql_database_instance.zonal')).toEqual([
      [730, 0.0413, 30.149],
      [2737.5, 0.007, 19.1625],
      [10, 0.17, 1.7],
    ]);
    expect(
      line(e, 'google_sql_database_instance.zonal').assumptions.join(' '),
    ).toContain('disk size assumed 10 GB');
  });

  it('reports what it cannot price instead of guessing', () => {
    const reason = (address: string) =>
      e.unpriced.find(u => u.address === address)?.reason;
    expect(reason('google_sql_database_instance.belgium')).toBe(
      'no Cloud SQL prices for region europe-west1 in the price table',
    );
    expect(reason('google_sql_database_instance.shared')).toMatch(
      /tier "db-f1-micro" is not a dedicated-core tier/,
    );
    expect(reason('google_artifact_registry_repository.images')).toBe(
      'priced by stored GB; no usage figure given',
    );
    expect(line(e, 'google_billing_budget.budget').status).toBe('free');
    expect(line(e, 'google_sql_user.app').status).toBe('free');
  });

  it('prices a KMS key version a month and stored GB from usage figures', () => {
    expect(parts('google_kms_crypto_key.key')).toEqual([[1, 0.06, 0.06]]);
    expect(parts('google_storage_bucket.data')).toEqual([[200, 0.02, 4]]);
    expect(line(e, 'google_storage_bucket.data').status).toBe('usage-priced');
  });
});

describe('price overrides and usage figures are checked', () => {
  const plan = loadFixture('04-infracost-example_plan.json');

  it('names the path of a price of the wrong type, or a half region', () => {
    expect(() =>
      estimateCost(plan, {
        prices: { aws: { 'us-east-1': { ebs: 'cheap' } } } as never,
      }),
    ).toThrow(/aws\.us-east-1\.ebs: expected object, found string/);
    expect(() =>
      estimateCost(plan, {
        prices: { aws: { 'us-east-1': { natGatewayHour: -1 } } },
      }),
    ).toThrow(/natGatewayHour: a price must be a number of at least 0/);
    const halfRegion = (() => {
      try {
        estimateCost(plan, {
          prices: { aws: { 'ap-south-1': { ec2: { 't3.micro': 0.0112 } } } },
        });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(halfRegion).toBeInstanceOf(CostInputError);
    expect((halfRegion as CostInputError).issues[0]).toMatch(
      /^aws\.ap-south-1: a new region needs every part of a shipped one; missing .*\bebs, rds\b/,
    );
  });

  it('names a misspelt usage figure instead of ignoring it', () => {
    expect(() =>
      estimateCost(plan, {
        usage: { 'aws_lambda_function.*': { monthlyRequest: 5 } as never },
      }),
    ).toThrow(/aws_lambda_function\.\*\.monthlyRequest: unknown usage figure/);
  });
});

describe('queues: Service Bus namespaces by tier per hour, their queues free, Pub/Sub by usage', () => {
  const e = estimateCost(
    planOf(
      [
        {
          type: 'azurerm_servicebus_namespace',
          name: 'standard',
          after: { sku: 'Standard', capacity: 0, location: 'westeurope' },
        },
        {
          type: 'azurerm_servicebus_namespace',
          name: 'premium',
          after: { sku: 'Premium', capacity: 2, location: 'eastus' },
        },
        {
          type: 'azurerm_servicebus_namespace',
          name: 'basic',
          after: { sku: 'Basic', location: 'westeurope' },
        },
        { type: 'azurerm_servicebus_queue', after: { name: 'messages' } },
        {
          type: 'google_pubsub_topic',
          name: 'orders',
          after: { name: 'orders', project: 'acme' },
        },
      ],
      { azurerm: {}, google: { region: { constant_value: 'europe-west1' } } },
    ),
  );

  it("prices Standard's base charge and Premium per messaging unit (730 hours)", () => {
    const standard = line(e, 'azurerm_servicebus_namespace.standard');
    // 0.0135 * 730 = 9.855
    expect(standard.monthly).toBeCloseTo(9.855, 3);
    expect(standard.assumptions.join(' ')).toMatch(/13 million/);
    // Two units: 2 * 0.928 * 730 = 1354.88; one unit is about $677.
    const premium = line(e, 'azurerm_servicebus_namespace.premium');
    expect(premium.monthly).toBeCloseTo(1354.88, 2);
    expect(premium.components[0]).toMatchObject({
      name: 'Service Bus messaging units (Premium, 2)',
      unit: 'hours',
      quantity: 1460,
      unitPrice: 0.928,
    });
  });

  it('lists Basic namespaces and Pub/Sub topics as usage-priced, and queues as free', () => {
    expect(
      Object.fromEntries(
        e.unpriced.map(u => [u.address, `${u.status}: ${u.reason}`]),
      ),
    ).toEqual({
      'azurerm_servicebus_namespace.basic':
        'usage-priced: Basic is priced by operations only',
      'google_pubsub_topic.orders':
        'usage-priced: priced by message throughput; no usage figure given',
    });
    expect(e.coverage).toMatchObject({ priced: 2, free: 1, usagePriced: 2 });
  });
});

describe('Azure service resources (container registries by SKU, the free parts of a service)', () => {
  const e = estimateCost(
    planOf(
      [
        {
          type: 'azurerm_container_registry',
          name: 'standard',
          after: { sku: 'Standard', location: 'westeurope' },
        },
        {
          type: 'azurerm_container_registry',
          name: 'premium',
          after: { sku: 'Premium', location: 'eastus' },
        },
        {
          type: 'azurerm_container_registry',
          name: 'elsewhere',
          after: { sku: 'Basic', location: 'australiaeast' },
        },
        {
          type: 'azurerm_container_registry',
          name: 'hidden',
          after: { location: 'westeurope' },
          unknown: { sku: true },
          config: { sku: { references: ['var.sku'] } },
        },
        {
          type: 'azurerm_user_assigned_identity',
          after: { location: 'westeurope' },
        },
        {
          type: 'azurerm_federated_identity_credential',
          after: { subject: 'repo:acme/api:environment:dev' },
        },
        {
          type: 'azurerm_consumption_budget_resource_group',
          after: { amount: 200 },
        },
        {
          type: 'azurerm_postgresql_flexible_server_configuration',
          after: { name: 'log_connections', value: 'on' },
        },
        { type: 'azurerm_storage_container', after: { name: 'data' } },
      ],
      { azurerm: {} },
    ),
  );

  it('prices a registry by SKU per day, the same in every priced region', () => {
    // 730 hours = 30.4167 days; Standard 0.667/day = 20.29, Premium 1.667/day = 50.70
    const standard = line(e, 'azurerm_container_registry.standard');
    expect(standard.region).toBe('westeurope');
    expect(standard.monthly).toBeCloseTo(20.288, 3);
    expect(
      line(e, 'azurerm_container_registry.standard').components[0],
    ).toMatchObject({
      name: 'Container registry (Standard)',
      unit: 'days',
      quantity: 30.4167,
      unitPrice: 0.667,
    });
    expect(line(e, 'azurerm_container_registry.premium').monthly).toBeCloseTo(
      50.7,
      2,
    );
    expect(
      line(e, 'azurerm_container_registry.premium').assumptions.join(' '),
    ).toMatch(/storage beyond the SKU allowance/);
  });

  it('says why a registry is unpriced instead of guessing', () => {
    expect(
      Object.fromEntries(e.unpriced.map(u => [u.address, u.reason])),
    ).toEqual({
      'azurerm_container_registry.elsewhere':
        'no Azure prices for region australiaeast in the price table',
      'azurerm_container_registry.hidden': 'sku is only known after apply',
    });
  });

  it('counts identities, budgets and sub-resources as free', () => {
    expect(e.coverage).toMatchObject({ priced: 2, free: 5, unpriced: 2 });
  });
});
