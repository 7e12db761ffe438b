import type { PlanResource } from '../../../../plan/types';
import { asNumber } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  worstOf,
} from '../../helpers';
import { awsDoc, cmkRule, engineOf, flagRule } from './support';

const CLUSTER = 'aws_elasticache_cluster';
const GROUP = 'aws_elasticache_replication_group';
const MEMORYDB = 'aws_memorydb_cluster';

/**
 * A cache cluster that is a member of a replication group takes engine,
 * backups and networking from the group; a memcached cluster has no
 * snapshots or Redis upgrades to judge.
 */
function judgedOnItsOwn(
  cluster: PlanResource,
  ctx: RuleContext,
  redisOnly: boolean,
): RuleOutcome | undefined {
  const group = ctx.read(cluster, ['replication_group_id']);
  if (
    group.state === 'known'
      ? typeof group.value === 'string' && group.value !== ''
      : group.configured
  )
    return notApplicable(
      'A member of a replication group: the group carries this setting.',
    );
  if (redisOnly && engineOf(cluster) === 'memcached')
    return notApplicable('Memcached clusters have no such setting.');
  return undefined;
}

export const elasticacheClusterBackups = resourceRule(
  {
    id: 'GW-AWS-229',
    title: 'Production ElastiCache Redis clusters keep automatic backups',
    severity: 'medium',
    resourceTypes: [CLUSTER],
    productionOnly: true,
    rationale:
      'Redis used as a store (sessions, queues, leaderboards) loses everything on a node failure unless ' +
      'daily snapshots are kept.',
    remediation: {
      text: 'Set snapshot_retention_limit to 1 or more days.',
      terraform: [
        'resource "aws_elasticache_cluster" "cache" {',
        '  # ...',
        '  engine                   = "redis"',
        '  snapshot_retention_limit = 7',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_134'], docs: [awsDoc(CLUSTER)] },
  },
  (cluster, ctx) =>
    judgedOnItsOwn(cluster, ctx, true) ??
    expectAttribute(ctx, cluster, ['snapshot_retention_limit'], {
      label: 'snapshot_retention_limit',
      compliant: v => (asNumber(v) ?? 0) > 0,
      passMessage: 'Automatic backups are kept (snapshot_retention_limit > 0)',
      failMessage:
        'Automatic backups are off: snapshot_retention_limit is 0 or not set',
      providerDefault: 0,
    }),
);

export const elasticacheClusterMinorUpgrade = flagRule(
  {
    id: 'GW-AWS-230',
    title:
      'ElastiCache Redis clusters take minor engine upgrades automatically',
    severity: 'low',
    resourceTypes: [CLUSTER],
    rationale:
      'Minor Redis releases carry security fixes; with automatic upgrades they are applied in the ' +
      'maintenance window.',
    remediation: {
      text: 'Leave auto_minor_version_upgrade at its default (true) or set it explicitly.',
      terraform: [
        'resource "aws_elasticache_cluster" "cache" {',
        '  # ...',
        '  auto_minor_version_upgrade = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_322'], docs: [awsDoc(CLUSTER)] },
  },
  ['auto_minor_version_upgrade'],
  'Automatic minor version upgrade',
  true,
  (cluster, ctx) => judgedOnItsOwn(cluster, ctx, true),
);

export const elasticacheClusterSubnetGroup = resourceRule(
  {
    id: 'GW-AWS-231',
    title: 'ElastiCache clusters use a named subnet group',
    severity: 'low',
    resourceTypes: [CLUSTER],
    rationale:
      'Without subnet_group_name the cluster lands in the default subnet group of the default VPC, ' +
      'outside the network the platform built and its security controls.',
    remediation: {
      text: 'Create an aws_elasticache_subnet_group in private subnets and set subnet_group_name.',
      terraform: [
        'resource "aws_elasticache_cluster" "cache" {',
        '  # ...',
        '  subnet_group_name  = aws_elasticache_subnet_group.private.name',
        '  security_group_ids = [aws_security_group.cache.id]',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_323'], docs: [awsDoc(CLUSTER)] },
  },
  (cluster, ctx) => {
    const own = judgedOnItsOwn(cluster, ctx, false);
    if (own) return own;
    const read = ctx.read(cluster, ['subnet_group_name']);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply('subnet_group_name');
    const name = read.state === 'known' ? read.value : null;
    if (typeof name === 'string' && name !== '' && name !== 'default')
      return pass(`subnet_group_name is ${name}.`);
    return fail(
      'subnet_group_name is not set (or is "default"): the cluster uses the default VPC subnet group.',
    );
  },
);

export const elasticacheGroupCmk = cmkRule(
  {
    id: 'GW-AWS-232',
    title:
      'ElastiCache replication groups are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [GROUP],
    rationale:
      'Snapshots and data at rest of a replication group otherwise use the AWS-managed key; a ' +
      'customer-managed key restricts who can restore or read them.',
    remediation: {
      text: 'Set kms_key_id (with at_rest_encryption_enabled = true) at creation.',
      terraform: [
        'resource "aws_elasticache_replication_group" "cache" {',
        '  # ...',
        '  at_rest_encryption_enabled = true',
        '  kms_key_id                 = aws_kms_key.cache.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_191'], docs: [awsDoc(GROUP)] },
  },
  'kms_key_id',
  'ElastiCache',
);

const isSet = (v: unknown) =>
  (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0);

/** A token or user group is required; its value (sensitive) does not matter. */
function hasCredential(group: PlanResource, ctx: RuleContext): boolean {
  for (const attr of ['auth_token', 'user_group_ids']) {
    const read = ctx.read(group, [attr]);
    if (read.state === 'unknown' ? read.configured : isSet(read.value))
      return true;
  }
  return false;
}

export const elasticacheGroupAuth = resourceRule(
  {
    id: 'GW-AWS-233',
    title: 'ElastiCache replication groups require TLS and authentication',
    severity: 'high',
    resourceTypes: [GROUP],
    rationale:
      'Redis without AUTH accepts commands, including FLUSHALL and CONFIG, from anything that can reach ' +
      'the port; an auth token or RBAC user group is only protected on the wire with TLS.',
    remediation: {
      text: 'Enable transit encryption and set auth_token (from a secret) or user_group_ids.',
      terraform: [
        'resource "aws_elasticache_replication_group" "cache" {',
        '  # ...',
        '  transit_encryption_enabled = true',
        '  user_group_ids             = [aws_elasticache_user_group.app.id]',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_31'], docs: [awsDoc(GROUP)] },
  },
  (group, ctx) => {
    const tls = expectTrue(
      ctx,
      group,
      ['transit_encryption_enabled'],
      'Encryption in transit',
    );
    const auth = hasCredential(group, ctx)
      ? pass('')
      : fail(
          'Neither auth_token nor user_group_ids is set: clients connect without authenticating.',
        );
    return worstOf([tls, auth]) ?? pass('TLS and authentication are required.');
  },
);

export const memorydbCmk = cmkRule(
  {
    id: 'GW-AWS-234',
    title: 'MemoryDB clusters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [MEMORYDB],
    rationale:
      'MemoryDB is a durable primary database; a customer-managed key gives its data and snapshots a key ' +
      'policy and an audit trail of use.',
    remediation: {
      text: 'Set kms_key_arn to a customer-managed key at creation.',
      terraform: [
        'resource "aws_memorydb_cluster" "main" {',
        '  # ...',
        '  kms_key_arn = aws_kms_key.memorydb.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_201'], docs: [awsDoc(MEMORYDB)] },
  },
  'kms_key_arn',
  'MemoryDB',
);

export const memorydbTls = flagRule(
  {
    id: 'GW-AWS-235',
    title: 'MemoryDB clusters encrypt data in transit',
    severity: 'high',
    resourceTypes: [MEMORYDB],
    rationale:
      'With TLS off, commands, data and ACL passwords cross the network in clear text. It can only be ' +
      'chosen at creation.',
    remediation: {
      text: 'Leave tls_enabled at its default (true) or set it explicitly.',
      terraform: [
        'resource "aws_memorydb_cluster" "main" {',
        '  # ...',
        '  tls_enabled = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_202'], docs: [awsDoc(MEMORYDB)] },
  },
  ['tls_enabled'],
  'Encryption in transit',
  true,
);

export const CACHE_RULES = [
  elasticacheClusterBackups,
  elasticacheClusterMinorUpgrade,
  elasticacheClusterSubnetGroup,
  elasticacheGroupCmk,
  elasticacheGroupAuth,
  memorydbCmk,
  memorydbTls,
];
