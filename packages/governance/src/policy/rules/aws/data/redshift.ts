import type { Plan, PlanResource } from '../../../../plan/types';
import { asNumber, maskCovers } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  isLive,
  isTrue,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';
import { awsDoc, cmkRule, flagRule } from './support';

const REDSHIFT = 'aws_redshift_cluster';
const DOCS = [awsDoc(REDSHIFT)];

export const redshiftEncryption = flagRule(
  {
    id: 'GW-AWS-246',
    title: 'Redshift clusters are encrypted at rest',
    severity: 'high',
    resourceTypes: [REDSHIFT],
    rationale:
      'A warehouse gathers data from every other store; unencrypted, its blocks and snapshots are ' +
      'readable by anyone who gets a copy.',
    remediation: {
      text: 'Set encrypted = true (with a customer-managed kms_key_id).',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  encrypted  = true',
        '  kms_key_id = aws_kms_key.redshift.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_64'], docs: DOCS },
  },
  ['encrypted'],
  'Encryption at rest',
  // Older provider versions default to false, newer to true: unset and
  // computed is judged only after apply.
  undefined,
);

export const redshiftCmk = cmkRule(
  {
    id: 'GW-AWS-247',
    title: 'Redshift clusters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [REDSHIFT],
    rationale:
      'A customer-managed key lets the key policy decide who can read the warehouse and its snapshots, ' +
      'and records every use in CloudTrail.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key.',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  encrypted  = true',
        '  kms_key_id = aws_kms_key.redshift.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_142'], docs: DOCS },
  },
  'kms_key_id',
  'Redshift',
);

export const redshiftNotPublic = resourceRule(
  {
    id: 'GW-AWS-248',
    title: 'Redshift clusters are not publicly accessible',
    severity: 'critical',
    resourceTypes: [REDSHIFT],
    rationale:
      'A publicly accessible cluster gets a public IP and DNS name; its only remaining guards are the ' +
      'security group and the password.',
    remediation: {
      text: 'Set publicly_accessible = false (AWS provider versions before v6 default it to true).',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  publicly_accessible = false',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_87'], docs: DOCS },
  },
  (cluster, ctx) =>
    expectAttribute(ctx, cluster, ['publicly_accessible'], {
      label: 'publicly_accessible',
      compliant: v => !isTrue(v),
      passMessage: 'publicly_accessible is false',
      failMessage:
        'publicly_accessible is true: the cluster is reachable from the internet',
    }),
);

export const redshiftSubnetGroup = resourceRule(
  {
    id: 'GW-AWS-249',
    title: 'Redshift clusters launch in a named subnet group',
    severity: 'medium',
    resourceTypes: [REDSHIFT],
    rationale:
      'Without cluster_subnet_group_name the cluster is placed in the default VPC (or, in very old ' +
      'accounts, EC2-Classic), outside the network and controls the platform built.',
    remediation: {
      text: 'Create an aws_redshift_subnet_group in private subnets and set cluster_subnet_group_name.',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  cluster_subnet_group_name = aws_redshift_subnet_group.private.name',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_154'], docs: DOCS },
  },
  (cluster, ctx) => {
    const read = ctx.read(cluster, ['cluster_subnet_group_name']);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply('cluster_subnet_group_name');
    const name = read.state === 'known' ? read.value : null;
    if (typeof name === 'string' && name !== '' && name !== 'default')
      return pass(`cluster_subnet_group_name is ${name}.`);
    return fail(
      'cluster_subnet_group_name is not set (or is "default"): the cluster lands in the default VPC.',
    );
  },
);

export const redshiftEnhancedVpcRouting = flagRule(
  {
    id: 'GW-AWS-250',
    title: 'Redshift clusters use enhanced VPC routing',
    severity: 'low',
    resourceTypes: [REDSHIFT],
    rationale:
      'With enhanced VPC routing, COPY and UNLOAD traffic goes through the VPC, where endpoints, flow ' +
      'logs and network controls apply, instead of over the public internet.',
    remediation: {
      text: 'Set enhanced_vpc_routing = true (and add an S3 gateway endpoint to the VPC).',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  enhanced_vpc_routing = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_321'], docs: DOCS },
  },
  ['enhanced_vpc_routing'],
  'Enhanced VPC routing',
  false,
);

export const redshiftSnapshots = resourceRule(
  {
    id: 'GW-AWS-251',
    title: 'Production Redshift clusters keep automated snapshots',
    severity: 'medium',
    resourceTypes: [REDSHIFT],
    productionOnly: true,
    rationale:
      'automated_snapshot_retention_period = 0 disables automated snapshots: a dropped table or a bad ' +
      'load can then only be undone from manual snapshots, if any exist.',
    remediation: {
      text: 'Set automated_snapshot_retention_period to 1 or more days (the default is 1).',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  automated_snapshot_retention_period = 7',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_343'], docs: DOCS },
  },
  (cluster, ctx) =>
    expectAttribute(ctx, cluster, ['automated_snapshot_retention_period'], {
      label: 'automated_snapshot_retention_period',
      compliant: v => v === null || (asNumber(v) ?? 0) > 0,
      passMessage: 'Automated snapshots are kept',
      failMessage:
        'automated_snapshot_retention_period is 0: automated snapshots are disabled',
      providerDefault: 1,
    }),
);

interface LoggingIndex {
  byCluster: Map<string, PlanResource>;
  /** aws_redshift_logging whose cluster_identifier is only known after apply. */
  hidden: PlanResource[];
}

const loggingIndexes = new WeakMap<Plan, LoggingIndex>();

/** aws_redshift_logging resources by cluster identifier, built once per plan. */
function loggingIndex(plan: Plan): LoggingIndex {
  let index = loggingIndexes.get(plan);
  if (!index) {
    index = { byCluster: new Map(), hidden: [] };
    for (const r of plan.byType.get('aws_redshift_logging') ?? []) {
      if (!isLive(r)) continue;
      const id = r.after?.cluster_identifier;
      if (typeof id === 'string') index.byCluster.set(id, r);
      else if (maskCovers(r.afterUnknown, ['cluster_identifier']))
        index.hidden.push(r);
    }
    loggingIndexes.set(plan, index);
  }
  return index;
}

function judgeRedshiftLogging(
  cluster: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  const index = loggingIndex(ctx.plan);
  const id = cluster.after?.cluster_identifier;
  const separate = typeof id === 'string' ? index.byCluster.get(id) : undefined;
  if (separate) {
    // log_destination_type defaults to s3 and needs a bucket_name, or is
    // cloudwatch; a resource that exists for the cluster turns logging on.
    return pass(`Audit logging is set by ${separate.address}.`);
  }
  const inline = ctx.read(cluster, ['logging', 0, 'enable']);
  if (inline.state === 'known' && isTrue(inline.value))
    return pass('Audit logging is on: logging.enable is true.');
  if (inline.state === 'unknown' && inline.configured)
    return hiddenUntilApply('logging.enable');
  if (index.hidden.length > 0)
    return unknown(
      `No audit logging is tied to this cluster, but ${index.hidden[0].address} has a cluster_identifier known only after apply and may apply to it.`,
    );
  return fail(
    'Audit logging is off: no aws_redshift_logging names this cluster and logging.enable is not true.',
  );
}

export const redshiftLogging = resourceRule(
  {
    id: 'GW-AWS-252',
    title: 'Redshift clusters have audit logging',
    severity: 'medium',
    resourceTypes: [REDSHIFT],
    rationale:
      'Connection, user and user-activity logs are the record of who queried the warehouse; Redshift ' +
      'does not keep them unless audit logging is on.',
    remediation: {
      text: 'Add an aws_redshift_logging for the cluster (the inline logging block is deprecated).',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  cluster_identifier = "warehouse"',
        '  # ...',
        '}',
        '',
        'resource "aws_redshift_logging" "warehouse" {',
        '  cluster_identifier   = aws_redshift_cluster.warehouse.cluster_identifier',
        '  log_destination_type = "cloudwatch"',
        '  log_exports          = ["connectionlog", "userlog", "useractivitylog"]',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_71'],
      docs: [...DOCS, awsDoc('aws_redshift_logging')],
    },
  },
  judgeRedshiftLogging,
);

export const redshiftDatabaseName = resourceRule(
  {
    id: 'GW-AWS-253',
    title: 'Redshift clusters do not use the default database name',
    severity: 'low',
    resourceTypes: [REDSHIFT],
    rationale:
      'Every Redshift cluster without database_name has a database called "dev"; a known name is one ' +
      'less thing an attacker with a stolen credential has to guess.',
    remediation: {
      text: 'Set database_name to a name of your own.',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  database_name = "analytics"',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_320'], docs: DOCS },
  },
  (cluster, ctx) =>
    expectAttribute(ctx, cluster, ['database_name'], {
      label: 'database_name',
      compliant: v => typeof v === 'string' && v !== '' && v !== 'dev',
      passMessage: 'database_name is not the default',
      failMessage:
        'database_name is "dev" or not set: the default name is used',
      providerDefault: 'dev',
    }),
);

const COMMON_ADMIN_NAMES = new Set(['awsuser', 'administrator', 'admin']);

export const redshiftCommonAdminPublic = resourceRule(
  {
    id: 'GW-AWS-254',
    title: 'Public Redshift clusters do not use a common admin user name',
    severity: 'high',
    resourceTypes: [REDSHIFT],
    rationale:
      'A public endpoint with the admin user called awsuser, admin or administrator leaves only the ' +
      'password to guess; brute-force tools try those names first.',
    remediation: {
      text: 'Set publicly_accessible = false, and choose a master_username of your own.',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  master_username     = "wh_owner"',
        '  publicly_accessible = false',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_391'], docs: DOCS },
  },
  (cluster, ctx) => {
    const user = ctx.read(cluster, ['master_username']);
    if (user.state === 'unknown')
      return user.configured
        ? hiddenUntilApply('master_username')
        : pass('master_username is not set.');
    const name = String(user.value ?? '').toLowerCase();
    if (!COMMON_ADMIN_NAMES.has(name))
      return pass('master_username is not a common admin name.');
    const open = ctx.read(cluster, ['publicly_accessible']);
    if (open.state === 'unknown')
      return hiddenUntilApply('publicly_accessible');
    return isTrue(open.value)
      ? fail(
          `master_username is "${name}" and publicly_accessible is true: only the password stands in the way.`,
        )
      : pass('The cluster is not publicly accessible.');
  },
);

export const redshiftVersionUpgrade = flagRule(
  {
    id: 'GW-AWS-255',
    title: 'Redshift clusters take engine upgrades',
    severity: 'low',
    resourceTypes: [REDSHIFT],
    rationale:
      'Redshift ships security and stability fixes as version upgrades in the maintenance window; ' +
      'turning them off leaves the cluster behind.',
    remediation: {
      text: 'Leave allow_version_upgrade at its default (true) or set it explicitly.',
      terraform: [
        'resource "aws_redshift_cluster" "warehouse" {',
        '  # ...',
        '  allow_version_upgrade = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_141'], docs: DOCS },
  },
  ['allow_version_upgrade'],
  'Version upgrades',
  true,
);

export const REDSHIFT_RULES = [
  redshiftEncryption,
  redshiftCmk,
  redshiftNotPublic,
  redshiftSubnetGroup,
  redshiftEnhancedVpcRouting,
  redshiftSnapshots,
  redshiftLogging,
  redshiftDatabaseName,
  redshiftCommonAdminPublic,
  redshiftVersionUpgrade,
];
