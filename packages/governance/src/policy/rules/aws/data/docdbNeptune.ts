import { resourceRule } from '../../helpers';
import {
  awsDoc,
  cmkRule,
  flagRule,
  judgeListIncludes,
  judgeRetention,
} from './support';

const DOCDB = 'aws_docdb_cluster';
const NEPTUNE = 'aws_neptune_cluster';
const MIN_BACKUP_DAYS = 7;

export const docdbEncryption = flagRule(
  {
    id: 'GW-AWS-236',
    title: 'DocumentDB clusters encrypt storage',
    severity: 'high',
    resourceTypes: [DOCDB],
    rationale:
      'DocumentDB storage, backups and snapshots are encrypted only if the cluster is created encrypted; ' +
      'the default is unencrypted and cannot be changed afterwards.',
    remediation: {
      text: 'Set storage_encrypted = true when creating the cluster.',
      terraform: [
        'resource "aws_docdb_cluster" "main" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_id        = aws_kms_key.docdb.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_74'], docs: [awsDoc(DOCDB)] },
  },
  ['storage_encrypted'],
  'Storage encryption',
  false,
);

export const docdbCmk = cmkRule(
  {
    id: 'GW-AWS-237',
    title: 'DocumentDB clusters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [DOCDB],
    rationale:
      'A customer-managed key lets the key policy, not only RDS permissions, decide who can read the ' +
      'cluster data and restore its snapshots.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key at creation.',
      terraform: [
        'resource "aws_docdb_cluster" "main" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_id        = aws_kms_key.docdb.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_182'], docs: [awsDoc(DOCDB)] },
  },
  'kms_key_id',
  'DocumentDB',
);

export const docdbBackupRetention = resourceRule(
  {
    id: 'GW-AWS-238',
    title: `Production DocumentDB clusters keep backups at least ${MIN_BACKUP_DAYS} days`,
    severity: 'medium',
    resourceTypes: [DOCDB],
    productionOnly: true,
    rationale:
      'The default of one day of backups rarely covers the time it takes to notice bad data; a week ' +
      'keeps a point-in-time restore within reach.',
    remediation: {
      text: `Set backup_retention_period to ${MIN_BACKUP_DAYS} or more.`,
      terraform: [
        'resource "aws_docdb_cluster" "main" {',
        '  # ...',
        '  backup_retention_period = 14',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_360'], docs: [awsDoc(DOCDB)] },
  },
  (cluster, ctx) =>
    judgeRetention(cluster, ctx, 'backup_retention_period', MIN_BACKUP_DAYS, 1),
);

export const docdbLogs = resourceRule(
  {
    id: 'GW-AWS-239',
    title: 'DocumentDB clusters export audit or profiler logs',
    severity: 'medium',
    resourceTypes: [DOCDB],
    rationale:
      'Audit logs record authentication and data-definition events, profiler logs slow operations; ' +
      'neither is kept unless exported to CloudWatch.',
    remediation: {
      text: 'List "audit" (and "profiler") in enabled_cloudwatch_logs_exports, and enable audit_logs in the cluster parameter group.',
      terraform: [
        'resource "aws_docdb_cluster" "main" {',
        '  # ...',
        '  enabled_cloudwatch_logs_exports = ["audit", "profiler"]',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_85'], docs: [awsDoc(DOCDB)] },
  },
  (cluster, ctx) =>
    judgeListIncludes(
      cluster,
      ctx,
      'enabled_cloudwatch_logs_exports',
      ['audit', 'profiler'],
      'Log export',
    ),
);

export const neptuneEncryption = flagRule(
  {
    id: 'GW-AWS-240',
    title: 'Neptune clusters encrypt storage',
    severity: 'high',
    resourceTypes: [NEPTUNE],
    rationale:
      'Neptune encrypts storage, backups and snapshots only when the cluster is created encrypted; it ' +
      'cannot be turned on later.',
    remediation: {
      text: 'Set storage_encrypted = true when creating the cluster.',
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_arn       = aws_kms_key.neptune.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_44'], docs: [awsDoc(NEPTUNE)] },
  },
  ['storage_encrypted'],
  'Storage encryption',
  false,
);

export const neptuneCmk = cmkRule(
  {
    id: 'GW-AWS-241',
    title: 'Neptune clusters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [NEPTUNE],
    rationale:
      'A customer-managed key puts the graph data and its snapshots under a key policy the team controls ' +
      'and logs every use of it.',
    remediation: {
      text: 'Set kms_key_arn to a customer-managed key at creation.',
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_arn       = aws_kms_key.neptune.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_347'], docs: [awsDoc(NEPTUNE)] },
  },
  'kms_key_arn',
  'Neptune',
);

export const neptuneIamAuth = flagRule(
  {
    id: 'GW-AWS-242',
    title: 'Neptune clusters require IAM authentication',
    severity: 'medium',
    resourceTypes: [NEPTUNE],
    rationale:
      'Without IAM database authentication, anything that reaches the Neptune endpoint can query the ' +
      'graph; with it, each request is signed by an IAM identity that can be granted and revoked.',
    remediation: {
      text: 'Set iam_database_authentication_enabled = true.',
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  iam_database_authentication_enabled = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_359'], docs: [awsDoc(NEPTUNE)] },
  },
  ['iam_database_authentication_enabled'],
  'IAM database authentication',
  false,
);

export const neptuneBackupRetention = resourceRule(
  {
    id: 'GW-AWS-243',
    title: `Production Neptune clusters keep backups at least ${MIN_BACKUP_DAYS} days`,
    severity: 'medium',
    resourceTypes: [NEPTUNE],
    productionOnly: true,
    rationale:
      'One day of automated backups (the default) rarely covers the time it takes to notice a bad ' +
      'bulk load or delete.',
    remediation: {
      text: `Set backup_retention_period to ${MIN_BACKUP_DAYS} or more.`,
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  backup_retention_period = 14',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_361'], docs: [awsDoc(NEPTUNE)] },
  },
  (cluster, ctx) =>
    judgeRetention(cluster, ctx, 'backup_retention_period', MIN_BACKUP_DAYS, 1),
);

export const neptuneCopyTags = flagRule(
  {
    id: 'GW-AWS-244',
    title: 'Neptune clusters copy tags to snapshots',
    severity: 'low',
    resourceTypes: [NEPTUNE],
    rationale:
      'Snapshots without the cluster tags lose their owner and data classification, so they cannot be ' +
      'attributed or governed by tag-based policies.',
    remediation: {
      text: 'Set copy_tags_to_snapshot = true.',
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  copy_tags_to_snapshot = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_362'], docs: [awsDoc(NEPTUNE)] },
  },
  ['copy_tags_to_snapshot'],
  'Copying tags to snapshots',
  false,
);

export const neptuneAuditLogs = resourceRule(
  {
    id: 'GW-AWS-245',
    title: 'Neptune clusters export audit logs',
    severity: 'medium',
    resourceTypes: [NEPTUNE],
    rationale:
      'Neptune audit logs record every query and who sent it; they are only kept if exported to ' +
      'CloudWatch.',
    remediation: {
      text: 'Add "audit" to enable_cloudwatch_logs_exports and set neptune_enable_audit_log = 1 in the cluster parameter group.',
      terraform: [
        'resource "aws_neptune_cluster" "graph" {',
        '  # ...',
        '  enable_cloudwatch_logs_exports = ["audit"]',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_101'], docs: [awsDoc(NEPTUNE)] },
  },
  (cluster, ctx) =>
    judgeListIncludes(
      cluster,
      ctx,
      'enable_cloudwatch_logs_exports',
      ['audit'],
      'Audit log export',
    ),
);

export const DOCDB_NEPTUNE_RULES = [
  docdbEncryption,
  docdbCmk,
  docdbBackupRetention,
  docdbLogs,
  neptuneEncryption,
  neptuneCmk,
  neptuneIamAuth,
  neptuneBackupRetention,
  neptuneCopyTags,
  neptuneAuditLogs,
];
