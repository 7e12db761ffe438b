#!/usr/bin/env node
/*
 * Benchmark: how much does governance (policy + cost) add on top of merely
 * parsing a plan's JSON? Generates synthetic plans of 1,000, 10,000 and
 * 50,000 resources (mixed types, nested modules with count and for_each,
 * configuration references between resources) and runs each size in its
 * own child process so that peak RSS is per size.
 *
 *   parseMs     JSON.parse of the plan text alone (best of N runs)
 *   evaluateMs  parsePlan + evaluatePlan + estimateCost from the same text
 *               (best of N runs; includes the JSON.parse)
 *   ratio       evaluateMs / parseMs (target: <= 2.0 at 10,000 resources)
 *   peakRssMb   peak resident set size of the child process
 *
 * The last line printed is one JSON object for machines.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SIZES = (process.env.GW_BENCH_SIZES || '1000,10000,50000')
  .split(',')
  .map(Number);
const RUNS = Number(process.env.GW_BENCH_RUNS || 5);

/*
 * Real plans print every schema attribute of every resource (nulls
 * included), in planned_values, in resource_changes (before, after,
 * after_unknown and both sensitivity masks) and, for existing resources,
 * in prior_state. The fixtures weigh 3 to 16 KB per resource; these
 * synthetic resources are padded with each type's usual computed and
 * optional attributes to about 3-4 KB, the light end of that range.
 */
const COMPUTED = {
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
    'object_lock_configuration',
    'replication_configuration',
    'website',
  ],
  aws_s3_bucket_public_access_block: ['id', 'bucket'],
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
    'prefix_list_ids',
    'description',
    'self',
    'ipv6_cidr_blocks',
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
  aws_iam_policy: [
    'arn',
    'attachment_count',
    'description',
    'id',
    'name_prefix',
    'path',
    'policy_id',
    'tags_all',
  ],
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
};

function fill(type, values, known, i) {
  const after = { ...values };
  const unknown = {};
  for (const attr of COMPUTED[type]) {
    if (attr in after) continue;
    if (!known) unknown[attr] = true;
    else if (attr === 'arn')
      after[attr] = `arn:aws:${
        type.split('_')[1]
      }:us-east-1:123456789012:${attr}/${type}-${i}-0a1b2c3d4e5f`;
    else after[attr] = attr.endsWith('id') ? `${attr}-0a1b2c3d4e5f6a7b8` : null;
  }
  if (known && 'tags' in values) after.tags_all = values.tags;
  return { after, unknown };
}

/** Resources per "service" unit, and the relations between them. */
function unit(i, moduleAddress, out) {
  const tags = {
    Owner: `team-${i % 7}`,
    Environment: 'prod',
    Service: `svc-${i}`,
    CostCenter: `cc-${i % 13}`,
  };
  // 40% existing and unchanged, 10% updated, 50% created: a typical mixed plan.
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
  const state = STATES[i % 10];
  const rc = (type, name, values) => {
    const address = `${
      moduleAddress ? `${moduleAddress}.` : ''
    }${type}.${name}[${i}]`;
    const existing = fill(type, values, true, i);
    const planned =
      state === 'create' ? fill(type, values, false, i) : existing;
    let before = null;
    if (state === 'no-op') before = existing.after;
    if (state === 'update')
      before = { ...existing.after, tags: { ...tags, Stale: 'yes' } };
    const entry = {
      address,
      mode: 'managed',
      type,
      name,
      index: i,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
    };
    out.values.push({
      ...entry,
      values: planned.after,
      sensitive_values: { tags: {}, tags_all: {} },
    });
    if (before)
      out.prior.push({
        ...entry,
        values: before,
        sensitive_values: { tags: {}, tags_all: {} },
      });
    return {
      address,
      module_address: moduleAddress || undefined,
      mode: 'managed',
      type,
      name,
      index: i,
      provider_name: entry.provider_name,
      change: {
        actions: [state],
        before,
        after: planned.after,
        after_unknown: planned.unknown,
        before_sensitive: before ? { tags: {}, tags_all: {} } : false,
        after_sensitive: { tags: {}, tags_all: {} },
      },
    };
  };
  return [
    rc('aws_s3_bucket', 'data', {
      bucket: `bucket-${moduleAddress}-${i}`,
      tags,
      force_destroy: false,
    }),
    rc('aws_s3_bucket_public_access_block', 'data', {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: i % 5 !== 0,
    }),
    rc('aws_security_group', 'app', {
      name: `sg-${i}`,
      tags,
      ingress: [
        {
          cidr_blocks: [i % 9 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'],
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
    }),
    rc('aws_security_group_rule', 'https', {
      type: 'ingress',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
      cidr_blocks: ['0.0.0.0/0'],
    }),
    rc('aws_instance', 'app', {
      ami: 'ami-0abcdef1234567890',
      instance_type: ['t3.micro', 'm5.large', 't3.medium'][i % 3],
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
          http_tokens: i % 4 ? 'required' : 'optional',
          http_endpoint: 'enabled',
          http_put_response_hop_limit: 1,
          instance_metadata_tags: 'disabled',
        },
      ],
      user_data: null,
    }),
    rc('aws_ebs_volume', 'data', {
      availability_zone: 'us-east-1a',
      size: 100 + i,
      type: ['gp2', 'gp3', 'io1'][i % 3],
      iops: 3000 + i,
      encrypted: i % 6 !== 0,
      tags,
    }),
    rc('aws_db_instance', 'db', {
      engine: 'postgres',
      instance_class: 'db.t3.medium',
      allocated_storage: 50,
      storage_type: 'gp2',
      multi_az: i % 2 === 0,
      storage_encrypted: true,
      publicly_accessible: false,
      backup_retention_period: 7,
      deletion_protection: true,
      tags,
    }),
    rc('aws_lambda_function', 'fn', {
      function_name: `fn-${i}`,
      memory_size: 512,
      tags,
      environment: [
        {
          variables: {
            LOG_LEVEL: 'info',
            DB_PASSWORD:
              i % 11 === 0
                ? 'hunter2hunter2'
                : 'arn:aws:secretsmanager:us-east-1:1:secret:x',
          },
        },
      ],
    }),
    rc('aws_iam_policy', 'fn', {
      name: `p-${i}`,
      tags,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: i % 13 === 0 ? '*' : ['s3:GetObject'],
            Resource: '*',
          },
        ],
      }),
    }),
    rc('aws_kms_key', 'data', {
      enable_key_rotation: i % 3 !== 0,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      tags,
    }),
  ];
}

/** Configuration of the module that holds the units: one per module, not per instance. */
function moduleConfig() {
  const r = (type, name, expressions) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_config_key: 'aws',
    expressions,
    count_expression: { references: ['var.units'] },
  });
  return {
    resources: [
      r('aws_s3_bucket', 'data', {
        bucket: { references: ['var.name', 'count.index'] },
      }),
      r('aws_s3_bucket_public_access_block', 'data', {
        bucket: { references: ['aws_s3_bucket.data', 'count.index'] },
        block_public_acls: { constant_value: true },
      }),
      r('aws_security_group', 'app', { name: { references: ['var.name'] } }),
      r('aws_security_group_rule', 'https', {
        security_group_id: {
          references: ['aws_security_group.app', 'count.index'],
        },
      }),
      r('aws_instance', 'app', {
        instance_type: { references: ['local.sizes', 'count.index'] },
        vpc_security_group_ids: {
          references: ['aws_security_group.app', 'count.index'],
        },
      }),
      r('aws_ebs_volume', 'data', { size: { constant_value: 100 } }),
      r('aws_db_instance', 'db', { engine: { constant_value: 'postgres' } }),
      r('aws_lambda_function', 'fn', {
        environment: [{ variables: { references: ['local.env'] } }],
      }),
      r('aws_iam_policy', 'fn', {
        policy: { references: ['data.aws_iam_policy_document.fn'] },
      }),
      r('aws_kms_key', 'data', {
        enable_key_rotation: { constant_value: true },
      }),
    ],
    variables: {
      name: {},
      units: {},
      db_password: { default: 'not-a-secret-name' },
    },
  };
}

/** A plan of about `size` resources in modules nested two deep. */
function generatePlan(size) {
  const perUnit = 10;
  const unitsPerModule = 20;
  const moduleCount = Math.max(1, Math.ceil(size / perUnit / unitsPerModule));
  const resourceChanges = [];
  const calls = {};
  const planned = { values: [], prior: [] };
  for (let m = 0; m < moduleCount && resourceChanges.length < size; m++) {
    const team = `team_${m}`;
    calls[team] = {
      source: './modules/team',
      expressions: { name: { constant_value: team } },
      module: {
        ...moduleConfig(),
        module_calls: {
          svc: {
            source: './modules/svc',
            for_each_expression: { references: ['var.services'] },
            module: moduleConfig(),
          },
        },
      },
    };
    for (let u = 0; u < unitsPerModule && resourceChanges.length < size; u++) {
      // Half the units sit in the team module, half in its for_each child.
      const nested = u % 2 === 1;
      const moduleAddress = nested
        ? `module.${team}.module.svc["s${u % 4}"]`
        : `module.${team}`;
      resourceChanges.push(
        ...unit(m * unitsPerModule + u, moduleAddress, planned),
      );
    }
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: {
      root_module: {
        child_modules: [
          { address: 'module.all', resources: planned.values.slice(0, size) },
        ],
      },
    },
    resource_changes: resourceChanges.slice(0, size),
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: {
        root_module: {
          child_modules: [{ address: 'module.all', resources: planned.prior }],
        },
      },
    },
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: 'registry.terraform.io/hashicorp/aws',
          expressions: { region: { constant_value: 'us-east-1' } },
        },
      },
      root_module: { module_calls: calls },
    },
  };
}

function child(file) {
  require('../bin/ts-register');
  const gov = require('../src/index.ts');
  const text = fs.readFileSync(file, 'utf8');
  const best = fn => {
    let min = Infinity;
    let result;
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      result = fn();
      min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { ms: min, result };
  };
  const parse = best(() => JSON.parse(text));
  const full = best(() => {
    const plan = gov.parsePlan(text, { maxBytes: Infinity });
    return {
      plan,
      evaluation: gov.evaluatePlan(plan, { environment: 'prod' }),
      cost: gov.estimateCost(plan),
    };
  });
  const { plan, evaluation, cost } = full.result;
  process.stdout.write(
    JSON.stringify({
      resources: plan.resources.length,
      bytes: Buffer.byteLength(text),
      parseMs: Math.round(parse.ms * 10) / 10,
      evaluateMs: Math.round(full.ms * 10) / 10,
      ratio: Math.round((full.ms / parse.ms) * 100) / 100,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      findings: evaluation.findings.length,
      failed: Object.values(evaluation.summary.failed).reduce(
        (a, b) => a + b,
        0,
      ),
      monthlyAfter: cost.monthlyAfter,
    }),
  );
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const results = [];
  try {
    for (const size of SIZES) {
      const file = path.join(dir, `plan-${size}.json`);
      fs.writeFileSync(file, JSON.stringify(generatePlan(size)));
      const r = spawnSync(
        process.execPath,
        ['--max-old-space-size=8192', __filename, '--child', file],
        { encoding: 'utf8' },
      );
      if (r.status !== 0)
        throw new Error(`bench child for ${size} failed: ${r.stderr}`);
      results.push(JSON.parse(r.stdout));
      fs.unlinkSync(file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows = [
    [
      'resources',
      'plan MB',
      'JSON.parse ms',
      'parse+evaluate ms',
      'ratio',
      'peak RSS MB',
      'findings',
      'failed',
      'ms/1k res',
    ],
    ...results.map(r =>
      [
        r.resources,
        (r.bytes / 1024 / 1024).toFixed(1),
        r.parseMs,
        r.evaluateMs,
        r.ratio,
        r.peakRssMb,
        r.findings,
        r.failed,
        ((r.evaluateMs / r.resources) * 1000).toFixed(1),
      ].map(String),
    ),
  ];
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(row => row[i].length)),
  );
  for (const row of rows)
    console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
  console.log(
    `(best of ${RUNS} runs per size on Node ${process.version}; ratio = parse+evaluate / JSON.parse)`,
  );
  console.log(
    JSON.stringify({
      bench: 'governance',
      results: results.map(
        ({ resources, parseMs, evaluateMs, ratio, peakRssMb }) => ({
          resources,
          parseMs,
          evaluateMs,
          ratio,
          peakRssMb,
        }),
      ),
    }),
  );
}

if (process.argv[2] === '--child') child(process.argv[3]);
else main();
