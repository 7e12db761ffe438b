/*
 * Synthetic `terraform show -json` plans for the benchmark, shaped like the
 * real ones in packages/stand-in-test-utils/fixtures/terraform-plans:
 *
 * - every resource in resource_changes (before, after, after_unknown and
 *   both sensitivity masks), in planned_values and, when it exists already,
 *   in prior_state, each in its own module's child_modules entry;
 * - every schema attribute printed, nulls included (about 3 KB a
 *   resource, the light end of the fixtures' 3-16 KB);
 * - 40% unchanged, 10% updated, 50% created (unknown computed values);
 * - a module tree: a network module, team modules with a for_each child
 *   module each, and a fleet module whose `count` grows with the plan, so
 *   that any lookup that is not constant time shows as non-linear growth;
 * - resource_changes sorted by address, as Terraform prints them;
 * - configuration with references the relation index must follow:
 *   module-relative (`aws_s3_bucket.data`, `count.index`), through a
 *   module input (`var.vpc_id` ← `module.network.vpc_id`), through an
 *   output, and through locals (`local.nat_ips`).
 */

/** Computed attributes per type, printed as null/ids when known, unknown on create. */
const COMPUTED = {
  aws_vpc: [
    'arn',
    'id',
    'default_network_acl_id',
    'default_route_table_id',
    'default_security_group_id',
    'dhcp_options_id',
    'ipv6_association_id',
    'ipv6_cidr_block',
    'main_route_table_id',
    'owner_id',
    'tags_all',
  ],
  aws_flow_log: [
    'arn',
    'id',
    'log_format',
    'log_group_name',
    'tags_all',
    'iam_role_arn',
  ],
  aws_subnet: [
    'arn',
    'id',
    'availability_zone_id',
    'ipv6_cidr_block_association_id',
    'owner_id',
    'tags_all',
  ],
  aws_eip: [
    'allocation_id',
    'association_id',
    'carrier_ip',
    'customer_owned_ip',
    'id',
    'instance',
    'network_interface',
    'private_dns',
    'private_ip',
    'public_dns',
    'public_ip',
    'public_ipv4_pool',
    'tags_all',
  ],
  aws_nat_gateway: [
    'association_id',
    'id',
    'network_interface_id',
    'private_ip',
    'public_ip',
    'secondary_private_ip_addresses',
    'tags_all',
  ],
  aws_s3_bucket: [
    'acceleration_status',
    'arn',
    'bucket_domain_name',
    'bucket_regional_domain_name',
    'hosted_zone_id',
    'id',
    'region',
    'request_payer',
    'tags_all',
    'website_domain',
    'website_endpoint',
    'object_lock_enabled',
    'policy',
    'cors_rule',
    'grant',
    'lifecycle_rule',
    'logging',
    'object_lock_configuration',
    'replication_configuration',
    'server_side_encryption_configuration',
    'versioning',
    'website',
  ],
  aws_s3_bucket_public_access_block: ['id', 'bucket'],
  aws_s3_bucket_versioning: ['id', 'bucket', 'expected_bucket_owner', 'mfa'],
  aws_s3_bucket_server_side_encryption_configuration: [
    'id',
    'bucket',
    'expected_bucket_owner',
  ],
  aws_security_group: [
    'arn',
    'id',
    'owner_id',
    'tags_all',
    'vpc_id',
    'egress',
    'name_prefix',
    'revoke_rules_on_delete',
    'description',
  ],
  aws_security_group_rule: [
    'id',
    'security_group_rule_id',
    'source_security_group_id',
    'security_group_id',
  ],
  aws_instance: [
    'arn',
    'associate_public_ip_address',
    'availability_zone',
    'capacity_reservation_specification',
    'cpu_core_count',
    'cpu_threads_per_core',
    'credit_specification',
    'disable_api_stop',
    'disable_api_termination',
    'ebs_block_device',
    'ebs_optimized',
    'enclave_options',
    'ephemeral_block_device',
    'get_password_data',
    'hibernation',
    'host_id',
    'host_resource_group_arn',
    'iam_instance_profile',
    'id',
    'instance_initiated_shutdown_behavior',
    'instance_lifecycle',
    'instance_market_options',
    'instance_state',
    'ipv6_address_count',
    'ipv6_addresses',
    'key_name',
    'launch_template',
    'maintenance_options',
    'monitoring',
    'network_interface',
    'outpost_arn',
    'password_data',
    'placement_group',
    'placement_partition_number',
    'primary_network_interface_id',
    'private_dns',
    'private_dns_name_options',
    'private_ip',
    'public_dns',
    'public_ip',
    'secondary_private_ips',
    'security_groups',
    'source_dest_check',
    'spot_instance_request_id',
    'subnet_id',
    'tags_all',
    'tenancy',
    'user_data_base64',
    'user_data_replace_on_change',
    'volume_tags',
    'vpc_security_group_ids',
  ],
  aws_ebs_volume: [
    'arn',
    'id',
    'kms_key_id',
    'multi_attach_enabled',
    'outpost_arn',
    'snapshot_id',
    'tags_all',
    'throughput',
    'final_snapshot',
  ],
  aws_volume_attachment: [
    'id',
    'force_detach',
    'skip_destroy',
    'stop_instance_before_detaching',
  ],
  aws_db_instance: [
    'address',
    'allow_major_version_upgrade',
    'apply_immediately',
    'arn',
    'auto_minor_version_upgrade',
    'availability_zone',
    'backup_target',
    'backup_window',
    'ca_cert_identifier',
    'character_set_name',
    'copy_tags_to_snapshot',
    'db_name',
    'db_subnet_group_name',
    'delete_automated_backups',
    'domain',
    'enabled_cloudwatch_logs_exports',
    'endpoint',
    'engine_version',
    'engine_version_actual',
    'final_snapshot_identifier',
    'hosted_zone_id',
    'iam_database_authentication_enabled',
    'id',
    'identifier',
    'identifier_prefix',
    'iops',
    'kms_key_id',
    'latest_restorable_time',
    'license_model',
    'listener_endpoint',
    'maintenance_window',
    'master_user_secret',
    'max_allocated_storage',
    'monitoring_interval',
    'monitoring_role_arn',
    'nchar_character_set_name',
    'network_type',
    'option_group_name',
    'parameter_group_name',
    'performance_insights_enabled',
    'port',
    'replica_mode',
    'replicas',
    'replicate_source_db',
    'resource_id',
    'skip_final_snapshot',
    'status',
    'storage_throughput',
    'tags_all',
    'timezone',
    'username',
    'vpc_security_group_ids',
  ],
  aws_lambda_function: [
    'architectures',
    'arn',
    'code_signing_config_arn',
    'dead_letter_config',
    'description',
    'ephemeral_storage',
    'file_system_config',
    'filename',
    'handler',
    'image_config',
    'image_uri',
    'invoke_arn',
    'kms_key_arn',
    'last_modified',
    'layers',
    'logging_config',
    'package_type',
    'publish',
    'qualified_arn',
    'qualified_invoke_arn',
    'reserved_concurrent_executions',
    'role',
    'runtime',
    's3_bucket',
    's3_key',
    'signing_job_arn',
    'signing_profile_version_arn',
    'snap_start',
    'source_code_hash',
    'source_code_size',
    'tags_all',
    'timeout',
    'tracing_config',
    'version',
    'vpc_config',
  ],
  aws_iam_role: [
    'arn',
    'create_date',
    'description',
    'force_detach_policies',
    'id',
    'inline_policy',
    'managed_policy_arns',
    'max_session_duration',
    'name_prefix',
    'path',
    'permissions_boundary',
    'tags_all',
    'unique_id',
  ],
  aws_iam_role_policy: ['id', 'name_prefix'],
  aws_kms_key: [
    'arn',
    'bypass_policy_lockout_safety_check',
    'custom_key_store_id',
    'deletion_window_in_days',
    'description',
    'id',
    'is_enabled',
    'key_id',
    'key_usage',
    'multi_region',
    'policy',
    'tags_all',
    'xks_key_id',
  ],
  aws_cloudwatch_log_group: [
    'arn',
    'id',
    'kms_key_id',
    'log_group_class',
    'name_prefix',
    'skip_destroy',
    'tags_all',
  ],
  aws_lb: [
    'arn',
    'arn_suffix',
    'dns_name',
    'id',
    'security_groups',
    'subnets',
    'tags_all',
    'vpc_id',
    'zone_id',
    'access_logs',
    'subnet_mapping',
    'desync_mitigation_mode',
    'idle_timeout',
  ],
  aws_lb_listener: ['arn', 'id', 'tags_all', 'alpn_policy', 'certificate_arn'],
  aws_route53_record: ['fqdn', 'id', 'allow_overwrite'],
};

const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const STATES = [
  'no-op',
  'no-op',
  'no-op',
  'no-op',
  'update',
  'create',
  'create',
  'create',
  'create',
  'create',
];

/** Fills the type's computed attributes: ids and nulls when known, unknown on create. */
function fill(type, values, known, n) {
  const after = { ...values };
  const unknown = {};
  for (const attr of COMPUTED[type] || []) {
    if (attr in after) continue;
    if (!known) unknown[attr] = true;
    else if (attr === 'arn')
      after[attr] = `arn:aws:${
        type.split('_')[1]
      }:us-east-1:123456789012:${type}/${n}-0a1b2c3d4e5f`;
    else if (attr === 'id')
      after[attr] = `${type.split('_').pop()}-${n
        .toString(16)
        .padStart(12, '0')}`;
    else
      after[attr] = attr.endsWith('_id') ? `${attr}-0a1b2c3d4e5f6a7b8` : null;
  }
  if (known && 'tags' in values)
    after.tags_all = { Environment: 'prod', ...values.tags };
  return { after, unknown };
}

class PlanBuilder {
  constructor() {
    this.changes = [];
    /** module address → { planned: [], prior: [] } */
    this.modules = new Map();
    this.serial = 0;
  }

  module(address) {
    let m = this.modules.get(address);
    if (!m) this.modules.set(address, (m = { planned: [], prior: [] }));
    return m;
  }

  /** One resource instance in every section it appears in. */
  add(moduleAddress, type, name, index, values, state) {
    const n = this.serial++;
    const key = index === undefined ? '' : `[${JSON.stringify(index)}]`;
    const address = `${
      moduleAddress ? `${moduleAddress}.` : ''
    }${type}.${name}${key}`;
    const existing = fill(type, values, true, n);
    const planned =
      state === 'create' ? fill(type, values, false, n) : existing;
    let before = null;
    if (state === 'no-op') before = existing.after;
    if (state === 'update')
      before = {
        ...existing.after,
        tags: { ...(values.tags || {}), Stale: 'yes' },
      };
    const entry = {
      address,
      mode: 'managed',
      type,
      name,
      ...(index === undefined ? {} : { index }),
      provider_name: PROVIDER,
      schema_version: 0,
    };
    const sensitive = { tags: {}, tags_all: {} };
    const m = this.module(moduleAddress);
    m.planned.push({
      ...entry,
      values: planned.after,
      sensitive_values: sensitive,
    });
    if (before)
      m.prior.push({ ...entry, values: before, sensitive_values: sensitive });
    this.changes.push({
      address,
      ...(moduleAddress ? { module_address: moduleAddress } : {}),
      ...entry,
      change: {
        actions: [state],
        before,
        after: planned.after,
        after_unknown: planned.unknown,
        before_sensitive: before ? sensitive : false,
        after_sensitive: sensitive,
      },
    });
  }

  /** planned_values / prior_state: each module under its parent's child_modules. */
  tree(section) {
    const root = { resources: [], child_modules: [] };
    const nodes = new Map([['', root]]);
    const nodeFor = address => {
      let node = nodes.get(address);
      if (node) return node;
      const cut = address.lastIndexOf('.module.');
      const parent = nodeFor(cut < 0 ? '' : address.slice(0, cut));
      node = { address, resources: [], child_modules: [] };
      parent.child_modules.push(node);
      nodes.set(address, node);
      return node;
    };
    for (const [address, m] of this.modules)
      nodeFor(address).resources.push(...m[section]);
    return root;
  }
}

const tagsOf = u => ({
  Owner: `team-${u % 7}`,
  Service: `svc-${u}`,
  CostCenter: `cc-${u % 13}`,
});

/** One service unit: 16 resources of 16 types, related as real services are. */
function unit(b, moduleAddress, u) {
  const state = STATES[u % 10];
  const tags = tagsOf(u);
  const add = (type, name, values) =>
    b.add(moduleAddress, type, name, u, values, state);
  add('aws_s3_bucket', 'data', {
    bucket: `data-${u}`,
    force_destroy: false,
    tags,
  });
  add('aws_s3_bucket_public_access_block', 'data', {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: u % 5 !== 0,
  });
  add('aws_s3_bucket_versioning', 'data', {
    versioning_configuration: [
      { status: u % 4 ? 'Enabled' : 'Suspended', mfa_delete: null },
    ],
  });
  add('aws_s3_bucket_server_side_encryption_configuration', 'data', {
    rule: [
      {
        apply_server_side_encryption_by_default: [
          { sse_algorithm: 'aws:kms', kms_master_key_id: null },
        ],
        bucket_key_enabled: true,
      },
    ],
  });
  add('aws_security_group', 'app', {
    name: `app-${u}`,
    tags,
    ingress: [
      {
        cidr_blocks: [u % 9 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'],
        from_port: 22,
        to_port: 22,
        protocol: 'tcp',
        ipv6_cidr_blocks: [],
        self: false,
        description: 'ssh',
        prefix_list_ids: [],
        security_groups: [],
      },
    ],
  });
  add('aws_security_group_rule', 'https', {
    type: 'ingress',
    from_port: 443,
    to_port: 443,
    protocol: 'tcp',
    cidr_blocks: ['0.0.0.0/0'],
    ipv6_cidr_blocks: null,
    prefix_list_ids: null,
    description: 'https',
    self: false,
  });
  add('aws_instance', 'app', {
    ami: 'ami-0abcdef1234567890',
    instance_type: ['t3.micro', 'm5.large', 't3.medium'][u % 3],
    tags,
    root_block_device: [
      {
        volume_size: 20,
        volume_type: 'gp3',
        encrypted: true,
        delete_on_termination: true,
        iops: 3000,
        throughput: 125,
        kms_key_id: null,
        tags: null,
      },
    ],
    metadata_options: [
      {
        http_tokens: u % 4 ? 'required' : 'optional',
        http_endpoint: 'enabled',
        http_put_response_hop_limit: 1,
        instance_metadata_tags: 'disabled',
      },
    ],
    user_data: null,
  });
  add('aws_ebs_volume', 'data', {
    availability_zone: 'us-east-1a',
    size: 100 + (u % 400),
    type: ['gp2', 'gp3', 'io1'][u % 3],
    iops: 3000 + u,
    encrypted: u % 6 !== 0,
    tags,
  });
  add('aws_volume_attachment', 'data', {
    device_name: '/dev/sdf',
    instance_id: null,
    volume_id: null,
  });
  add('aws_db_instance', 'db', {
    engine: 'postgres',
    instance_class: 'db.t3.medium',
    allocated_storage: 50,
    storage_type: 'gp2',
    multi_az: u % 2 === 0,
    storage_encrypted: true,
    publicly_accessible: false,
    backup_retention_period: 7,
    deletion_protection: true,
    tags,
  });
  add('aws_lambda_function', 'fn', {
    function_name: `fn-${u}`,
    memory_size: 512,
    tags,
    environment: [
      {
        variables: {
          LOG_LEVEL: 'info',
          DB_PASSWORD:
            u % 11 === 0
              ? 'hunter2hunter2'
              : 'arn:aws:secretsmanager:us-east-1:1:secret:x',
        },
      },
    ],
  });
  add('aws_iam_role', 'fn', {
    name: `fn-${u}`,
    tags,
    assume_role_policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    }),
  });
  add('aws_iam_role_policy', 'fn', {
    name: `fn-${u}`,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: u % 13 === 0 ? '*' : ['s3:GetObject', 's3:PutObject'],
          Resource: '*',
        },
      ],
    }),
  });
  add('aws_kms_key', 'data', {
    enable_key_rotation: u % 3 !== 0,
    customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    tags,
  });
  add('aws_cloudwatch_log_group', 'fn', {
    name: `/aws/lambda/fn-${u}`,
    retention_in_days: 30,
    tags,
  });
  add('aws_route53_record', 'app', {
    name: `app-${u}.example.com`,
    type: 'A',
    ttl: 300,
    zone_id: 'Z123',
  });
}

/** The configuration of a unit's resource blocks: one per module, not per instance. */
function unitConfig(countRef) {
  const r = (type, name, expressions) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_config_key: 'aws',
    expressions,
    schema_version: 0,
    count_expression: { references: [countRef] },
  });
  const bucketRef = { references: ['aws_s3_bucket.data', 'count.index'] };
  return [
    r('aws_s3_bucket', 'data', {
      bucket: { references: ['var.name', 'count.index'] },
      tags: { references: ['local.tags'] },
    }),
    r('aws_s3_bucket_public_access_block', 'data', {
      bucket: bucketRef,
      block_public_acls: { constant_value: true },
    }),
    r('aws_s3_bucket_versioning', 'data', {
      bucket: bucketRef,
      versioning_configuration: [
        { status: { references: ['var.versioning'] } },
      ],
    }),
    r('aws_s3_bucket_server_side_encryption_configuration', 'data', {
      bucket: bucketRef,
      rule: [
        {
          apply_server_side_encryption_by_default: [
            { sse_algorithm: { constant_value: 'aws:kms' } },
          ],
        },
      ],
    }),
    r('aws_security_group', 'app', {
      name: { references: ['var.name'] },
      vpc_id: { references: ['var.vpc_id'] },
      ingress: { references: ['var.ssh_cidrs'] },
    }),
    r('aws_security_group_rule', 'https', {
      security_group_id: {
        references: ['aws_security_group.app', 'count.index'],
      },
      type: { constant_value: 'ingress' },
    }),
    r('aws_instance', 'app', {
      instance_type: { references: ['local.sizes', 'count.index'] },
      vpc_security_group_ids: {
        references: ['aws_security_group.app', 'count.index'],
      },
      root_block_device: [
        {
          encrypted: { constant_value: true },
          volume_size: { constant_value: 20 },
        },
      ],
      metadata_options: [{ http_tokens: { references: ['var.imds'] } }],
    }),
    r('aws_ebs_volume', 'data', {
      size: { constant_value: 100 },
      encrypted: { references: ['var.encrypt'] },
    }),
    r('aws_volume_attachment', 'data', {
      volume_id: { references: ['aws_ebs_volume.data', 'count.index'] },
      instance_id: { references: ['aws_instance.app', 'count.index'] },
    }),
    r('aws_db_instance', 'db', {
      engine: { constant_value: 'postgres' },
      multi_az: { references: ['var.ha'] },
    }),
    r('aws_lambda_function', 'fn', {
      environment: [{ variables: { references: ['local.env'] } }],
      role: { references: ['aws_iam_role.fn', 'count.index'] },
    }),
    r('aws_iam_role', 'fn', {
      assume_role_policy: {
        references: ['data.aws_iam_policy_document.assume'],
      },
    }),
    r('aws_iam_role_policy', 'fn', {
      policy: { references: ['data.aws_iam_policy_document.fn'] },
      role: { references: ['aws_iam_role.fn', 'count.index'] },
    }),
    r('aws_kms_key', 'data', { enable_key_rotation: { constant_value: true } }),
    r('aws_cloudwatch_log_group', 'fn', {
      name: { references: ['aws_lambda_function.fn', 'count.index'] },
    }),
    r('aws_route53_record', 'app', {
      zone_id: { references: ['var.zone_id'] },
    }),
  ];
}

const UNIT_SIZE = 16;
const teamVariables = {
  name: {},
  vpc_id: {},
  ssh_cidrs: { default: ['10.0.0.0/8'] },
  versioning: { default: 'Enabled' },
  imds: { default: 'required' },
  encrypt: { default: true },
  ha: { default: true },
  zone_id: {},
  db_password: { default: null, sensitive: true },
};

/** Byte order of addresses, as Go's sort of strings gives it. */
function byAddress(x, y) {
  if (x.address === y.address) return 0;
  return x.address < y.address ? -1 : 1;
}

/** A plan of `size` resource changes. */
function generatePlan(size) {
  const b = new PlanBuilder();
  // The network module: VPC, flow log, NAT gateways with their EIPs (through a local).
  b.add(
    'module.network',
    'aws_vpc',
    'this',
    undefined,
    { cidr_block: '10.0.0.0/16', enable_dns_support: true, tags: tagsOf(0) },
    'no-op',
  );
  b.add(
    'module.network',
    'aws_flow_log',
    'this',
    undefined,
    {
      traffic_type: 'ALL',
      log_destination_type: 's3',
      log_destination: 'arn:aws:s3:::flow-logs',
      vpc_id: null,
    },
    'no-op',
  );
  for (let i = 0; i < 3; i++) {
    b.add(
      'module.network',
      'aws_subnet',
      'private',
      i,
      { cidr_block: `10.0.${i}.0/24`, vpc_id: null, tags: tagsOf(i) },
      'no-op',
    );
    b.add(
      'module.network',
      'aws_eip',
      'nat',
      i,
      { domain: 'vpc', tags: tagsOf(i) },
      'no-op',
    );
    b.add(
      'module.network',
      'aws_nat_gateway',
      'this',
      i,
      {
        connectivity_type: 'public',
        subnet_id: null,
        allocation_id: null,
        tags: tagsOf(i),
      },
      'no-op',
    );
  }
  // A tenth of the plan is one fleet module, a single `count` per block:
  // every attachment names its volume by `count.index` among thousands.
  const fleetUnits = Math.max(1, Math.floor(size / 10 / 3));
  // The rest: team modules of 20 units, half of them in a for_each child.
  const teamBudget = size - b.changes.length - 3 * fleetUnits - 1;
  const teams = Math.max(1, Math.ceil(teamBudget / UNIT_SIZE / 20));
  let u = 0;
  for (let t = 0; t < teams; t++) {
    for (
      let k = 0;
      k < 20 && b.changes.length + UNIT_SIZE <= size - 3 * fleetUnits - 1;
      k++, u++
    ) {
      unit(
        b,
        k % 2 ? `module.team_${t}.module.svc["s${k % 4}"]` : `module.team_${t}`,
        u,
      );
    }
  }
  b.add(
    'module.fleet',
    'aws_security_group',
    'fleet',
    undefined,
    { name: 'fleet', tags: tagsOf(1), ingress: [] },
    'no-op',
  );
  for (let i = 0; b.changes.length < size; i++) {
    const state = STATES[i % 10];
    const fleet = [
      [
        'aws_instance',
        {
          ami: 'ami-0abcdef1234567890',
          instance_type: 'c5.large',
          tags: tagsOf(i),
          root_block_device: [
            { volume_size: 50, volume_type: 'gp3', encrypted: true },
          ],
          metadata_options: [
            { http_tokens: 'required', http_endpoint: 'enabled' },
          ],
        },
      ],
      [
        'aws_ebs_volume',
        {
          availability_zone: 'us-east-1a',
          size: 200,
          type: 'gp3',
          encrypted: true,
          tags: tagsOf(i),
        },
      ],
      [
        'aws_volume_attachment',
        { device_name: '/dev/sdf', instance_id: null, volume_id: null },
      ],
    ];
    for (const [type, values] of fleet) {
      if (b.changes.length < size)
        b.add('module.fleet', type, 'worker', i, values, state);
    }
  }

  const calls = {
    network: {
      source: './modules/network',
      module: {
        outputs: {
          vpc_id: {
            expression: { references: ['aws_vpc.this.id', 'aws_vpc.this'] },
          },
        },
        resources: [
          {
            address: 'aws_vpc.this',
            mode: 'managed',
            type: 'aws_vpc',
            name: 'this',
            provider_config_key: 'aws',
            expressions: { cidr_block: { constant_value: '10.0.0.0/16' } },
          },
          {
            address: 'aws_flow_log.this',
            mode: 'managed',
            type: 'aws_flow_log',
            name: 'this',
            provider_config_key: 'aws',
            expressions: {
              vpc_id: { references: ['aws_vpc.this.id', 'aws_vpc.this'] },
            },
          },
          {
            address: 'aws_subnet.private',
            mode: 'managed',
            type: 'aws_subnet',
            name: 'private',
            provider_config_key: 'aws',
            expressions: {
              vpc_id: { references: ['aws_vpc.this.id', 'aws_vpc.this'] },
            },
          },
          {
            address: 'aws_eip.nat',
            mode: 'managed',
            type: 'aws_eip',
            name: 'nat',
            provider_config_key: 'aws',
            expressions: {},
          },
          {
            address: 'aws_nat_gateway.this',
            mode: 'managed',
            type: 'aws_nat_gateway',
            name: 'this',
            provider_config_key: 'aws',
            expressions: {
              allocation_id: { references: ['local.nat_ips', 'count.index'] },
            },
          },
        ],
      },
    },
    fleet: {
      source: './modules/fleet',
      expressions: {
        vpc_id: { references: ['module.network.vpc_id', 'module.network'] },
      },
      module: {
        resources: [
          {
            address: 'aws_security_group.fleet',
            mode: 'managed',
            type: 'aws_security_group',
            name: 'fleet',
            provider_config_key: 'aws',
            expressions: { vpc_id: { references: ['var.vpc_id'] } },
          },
          {
            address: 'aws_instance.worker',
            mode: 'managed',
            type: 'aws_instance',
            name: 'worker',
            provider_config_key: 'aws',
            expressions: {
              instance_type: { constant_value: 'c5.large' },
              vpc_security_group_ids: {
                references: [
                  'aws_security_group.fleet.id',
                  'aws_security_group.fleet',
                ],
              },
            },
            count_expression: { references: ['var.workers'] },
          },
          {
            address: 'aws_ebs_volume.worker',
            mode: 'managed',
            type: 'aws_ebs_volume',
            name: 'worker',
            provider_config_key: 'aws',
            expressions: {
              size: { constant_value: 200 },
              encrypted: { constant_value: true },
            },
            count_expression: { references: ['var.workers'] },
          },
          {
            address: 'aws_volume_attachment.worker',
            mode: 'managed',
            type: 'aws_volume_attachment',
            name: 'worker',
            provider_config_key: 'aws',
            expressions: {
              volume_id: {
                references: ['aws_ebs_volume.worker', 'count.index'],
              },
              instance_id: {
                references: ['aws_instance.worker', 'count.index'],
              },
            },
            count_expression: { references: ['var.workers'] },
          },
        ],
        variables: { vpc_id: {}, workers: {} },
      },
    },
  };
  for (let t = 0; t < teams; t++) {
    calls[`team_${t}`] = {
      source: './modules/team',
      expressions: {
        name: { constant_value: `team-${t}` },
        vpc_id: { references: ['module.network.vpc_id', 'module.network'] },
      },
      module: {
        resources: unitConfig('var.units'),
        variables: teamVariables,
        module_calls: {
          svc: {
            source: './modules/team',
            for_each_expression: { references: ['var.services'] },
            expressions: {
              vpc_id: { references: ['var.vpc_id'] },
              name: { references: ['each.key'] },
            },
            module: {
              resources: unitConfig('var.units'),
              variables: teamVariables,
            },
          },
        },
      },
    };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    variables: { environment: { value: 'prod' } },
    planned_values: { root_module: b.tree('planned') },
    // Terraform prints resource changes sorted by address.
    resource_changes: b.changes.sort(byAddress),
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: { root_module: b.tree('prior') },
    },
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: PROVIDER,
          expressions: {
            region: { constant_value: 'us-east-1' },
            default_tags: [
              { tags: { constant_value: { Environment: 'prod' } } },
            ],
          },
        },
      },
      root_module: {
        module_calls: calls,
        variables: { environment: { default: 'dev' } },
      },
    },
    relevant_attributes: [],
    timestamp: '2026-11-22T12:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

module.exports = { generatePlan };
