import { awsRegion } from '../../../plan/region';
import type { Plan, PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
  unknown,
  worstOf,
} from '../helpers';

interface DefaultEncryption {
  address: string;
  /** Enabled before this apply (not created or turned on by it). */
  inForce: boolean;
}

const defaultEncryption = new WeakMap<Plan, Map<string, DefaultEncryption>>();

/**
 * The aws_ebs_encryption_by_default of the plan for the resource's region.
 * When it is on, AWS encrypts every new volume whatever `encrypted` says;
 * when this apply turns it on, volumes created in the same apply may come
 * first, so that is not known until apply.
 */
function encryptionByDefault(
  resource: PlanResource,
  ctx: RuleContext,
): DefaultEncryption | undefined {
  let regions = defaultEncryption.get(ctx.plan);
  if (!regions) {
    regions = new Map();
    for (const d of ctx.plan.byType.get('aws_ebs_encryption_by_default') ??
      []) {
      if (d.mode !== 'managed' || d.action === 'delete') continue;
      if (d.after?.enabled === false) continue;
      regions.set(awsRegion(ctx.plan, d).region, {
        address: d.address,
        inForce: d.before?.enabled === true,
      });
    }
    defaultEncryption.set(ctx.plan, regions);
  }
  return regions.size > 0
    ? regions.get(awsRegion(ctx.plan, resource).region)
    : undefined;
}

/** A failed encryption check, reconsidered in the light of the region default. */
function withRegionDefault(
  outcome: RuleOutcome,
  resource: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  if (outcome.verdict !== 'fail') return outcome;
  const d = encryptionByDefault(resource, ctx);
  if (!d) return outcome;
  return d.inForce
    ? pass(
        `Encrypted by the region's EBS encryption by default (${d.address}).`,
      )
    : unknown(
        `${outcome.message} ${d.address} turns on EBS encryption by default in this same apply; ` +
          'volumes created before it are not encrypted. Set encrypted = true, or depend on it.',
      );
}

export const ebsVolumeEncryption = resourceRule(
  {
    id: 'GW-AWS-009',
    title: 'EBS volumes are encrypted',
    severity: 'high',
    resourceTypes: ['aws_ebs_volume'],
    rationale:
      'Unencrypted volumes and their snapshots can be shared or copied outside the account ' +
      'without any key policy standing in the way.',
    remediation: {
      text: 'Set encrypted = true (and a KMS key), or enable EBS encryption by default for the account and region.',
      terraform: [
        'resource "aws_ebs_volume" "data" {',
        '  availability_zone = "eu-west-1a"',
        '  size              = 100',
        '  encrypted         = true',
        '  kms_key_id        = aws_kms_key.ebs.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_3'],
      cis: ['CIS AWS Foundations v1.5.0 2.2.1'],
    },
  },
  (volume, ctx) =>
    withRegionDefault(
      expectTrue(ctx, volume, ['encrypted'], 'Volume encryption'),
      volume,
      ctx,
    ),
);

/**
 * Root and inline EBS devices of an instance. Devices that the plan only
 * computes (not configured) get the provider default: unencrypted unless
 * the account enables encryption by default, which the plan cannot show.
 */
function instanceDevices(
  instance: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  const unencrypted: string[] = [];
  const hidden: string[] = [];
  for (const attr of ['root_block_device', 'ebs_block_device']) {
    const read = ctx.read(instance, [attr]);
    if (read.state === 'unknown') {
      if (read.configured) hidden.push(attr);
      else if (attr === 'root_block_device')
        unencrypted.push('root volume (encrypted not set)');
      continue;
    }
    const devices = blocks(read.value);
    devices.forEach((device, i) => {
      const enc = ctx.read(instance, [attr, i, 'encrypted']);
      if (enc.state === 'unknown') {
        if (enc.configured) hidden.push(`${attr}[${i}].encrypted`);
        else unencrypted.push(`${attr}[${i}] (encrypted not set)`);
      } else if (enc.value !== true) {
        unencrypted.push(
          `${attr}[${i}]${
            device.device_name ? ` ${String(device.device_name)}` : ''
          }`,
        );
      }
    });
    if (attr === 'root_block_device' && devices.length === 0) {
      unencrypted.push('root volume (encrypted not set)');
    }
  }
  if (unencrypted.length > 0) {
    return fail(
      `Unencrypted block devices: ${unencrypted.join(
        ', ',
      )}. Unless the account encrypts EBS by default, they are stored in clear.`,
    );
  }
  if (hidden.length > 0) return hiddenUntilApply(hidden[0]);
  return pass('Every block device is encrypted.');
}

export const instanceVolumeEncryption = resourceRule(
  {
    id: 'GW-AWS-010',
    title: 'EC2 instance root and attached block devices are encrypted',
    severity: 'high',
    resourceTypes: ['aws_instance'],
    rationale:
      'Instance volumes hold application data, logs and credentials cached on disk.',
    remediation: {
      text: 'Encrypt the root and EBS block devices.',
      terraform: [
        'resource "aws_instance" "web" {',
        '  # ...',
        '  root_block_device {',
        '    encrypted = true',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_8'],
      cis: ['CIS AWS Foundations v1.5.0 2.2.1'],
    },
  },
  (instance, ctx) =>
    withRegionDefault(instanceDevices(instance, ctx), instance, ctx),
);

export const efsEncryption = resourceRule(
  {
    id: 'GW-AWS-016',
    title: 'EFS file systems are encrypted at rest',
    severity: 'high',
    resourceTypes: ['aws_efs_file_system'],
    rationale:
      'Encryption at rest for EFS can only be chosen at creation time.',
    remediation: {
      text: 'Set encrypted = true when creating the file system.',
      terraform:
        'resource "aws_efs_file_system" "shared" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_42'],
      cis: ['CIS AWS Foundations v1.5.0 2.4.1'],
    },
  },
  (fs, ctx) => expectTrue(ctx, fs, ['encrypted'], 'EFS encryption'),
);

export const dynamodbPitr = resourceRule(
  {
    id: 'GW-AWS-035',
    title: 'DynamoDB tables have point-in-time recovery',
    severity: 'medium',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      'Point-in-time recovery restores a table to any second of the last 35 days after a bad write.',
    remediation: {
      text: 'Enable point_in_time_recovery.',
      terraform:
        'resource "aws_dynamodb_table" "orders" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_AWS_28'] },
  },
  (table, ctx) => {
    const read = ctx.read(table, ['point_in_time_recovery']);
    if (read.state === 'known' && blocks(read.value).length === 0) {
      return fail('point_in_time_recovery is not configured.');
    }
    return expectTrue(
      ctx,
      table,
      ['point_in_time_recovery', 0, 'enabled'],
      'Point-in-time recovery',
    );
  },
);

export const elasticacheEncryption = resourceRule(
  {
    id: 'GW-AWS-038',
    title: 'ElastiCache replication groups encrypt at rest and in transit',
    severity: 'medium',
    resourceTypes: ['aws_elasticache_replication_group'],
    rationale:
      'Cached data often includes sessions and tokens; Redis traffic is clear text without TLS.',
    remediation: {
      text: 'Enable both encryption settings (they can only be set at creation for older engines).',
      terraform:
        'resource "aws_elasticache_replication_group" "cache" {\n  # ...\n  at_rest_encryption_enabled = true\n  transit_encryption_enabled = true\n}',
    },
    references: { checkov: ['CKV_AWS_29', 'CKV_AWS_30'] },
  },
  (group, ctx) => {
    const outcomes = [
      expectTrue(
        ctx,
        group,
        ['at_rest_encryption_enabled'],
        'Encryption at rest',
      ),
      expectTrue(
        ctx,
        group,
        ['transit_encryption_enabled'],
        'Encryption in transit',
      ),
    ];
    return worstOf(outcomes) ?? pass('Encrypted at rest and in transit.');
  },
);
