import type { PlanResource } from '../../../../plan/types';
import { asNumber, asStringList } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';
import {
  auroraInstance,
  awsDoc,
  cmkRule,
  engineOf,
  flagRule,
  judgeListIncludes,
} from './support';

const INSTANCE = 'aws_db_instance';
const CLUSTER = 'aws_rds_cluster';
const CLUSTER_INSTANCE = 'aws_rds_cluster_instance';
const DOCS = {
  instance: awsDoc(INSTANCE),
  cluster: awsDoc(CLUSTER),
  clusterInstance: awsDoc(CLUSTER_INSTANCE),
};

export const rdsClusterSnapshotEncrypted = resourceRule(
  {
    id: 'GW-AWS-211',
    title: 'RDS cluster snapshots are encrypted',
    severity: 'high',
    resourceTypes: ['aws_db_cluster_snapshot'],
    rationale:
      'A snapshot is a full copy of the database that can be shared or copied to another account; ' +
      'unencrypted, nothing but IAM stands between it and a reader.',
    remediation: {
      text: 'Snapshot only encrypted clusters (storage_encrypted = true on the aws_rds_cluster); a snapshot takes its encryption from the cluster.',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  storage_encrypted = true',
        '}',
        '',
        'resource "aws_db_cluster_snapshot" "before_upgrade" {',
        '  db_cluster_identifier          = aws_rds_cluster.main.id',
        '  db_cluster_snapshot_identifier = "before-upgrade"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_146'],
      docs: [awsDoc('aws_db_cluster_snapshot')],
    },
  },
  (snap, ctx) =>
    expectAttribute(ctx, snap, ['storage_encrypted'], {
      label: 'storage_encrypted',
      compliant: isTrue,
      passMessage: 'storage_encrypted is true',
      failMessage:
        'storage_encrypted is false: the snapshot copies an unencrypted cluster',
    }),
);

export const rdsSnapshotNotPublic = resourceRule(
  {
    id: 'GW-AWS-212',
    title: 'RDS snapshots are not shared publicly',
    severity: 'critical',
    resourceTypes: ['aws_db_snapshot'],
    rationale:
      'A snapshot shared with "all" can be restored by any AWS account, handing over the whole database.',
    remediation: {
      text: 'Remove "all" from shared_accounts; share with named account ids only.',
      terraform: [
        'resource "aws_db_snapshot" "release" {',
        '  db_instance_identifier = aws_db_instance.main.identifier',
        '  db_snapshot_identifier = "release-2026-12"',
        '  shared_accounts        = ["123456789012"]',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_302'],
      docs: [awsDoc('aws_db_snapshot')],
    },
  },
  (snap, ctx) => {
    const read = ctx.read(snap, ['shared_accounts']);
    if (read.state === 'unknown') {
      return read.configured
        ? hiddenUntilApply('shared_accounts')
        : pass('shared_accounts is not set: the snapshot is private.');
    }
    return asStringList(read.value).some(a => a.toLowerCase() === 'all')
      ? fail('shared_accounts includes "all": any AWS account can restore it.')
      : pass('shared_accounts does not include "all".');
  },
);

export const rdsEnhancedMonitoring = resourceRule(
  {
    id: 'GW-AWS-213',
    title: 'RDS instances have enhanced monitoring',
    severity: 'low',
    resourceTypes: [INSTANCE, CLUSTER_INSTANCE],
    rationale:
      'Enhanced monitoring shows per-process CPU, memory and I/O from the host at up to one-second ' +
      'granularity, which CloudWatch metrics alone do not give when a database slows down.',
    remediation: {
      text: 'Set monitoring_interval (1 to 60 seconds) and monitoring_role_arn.',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  monitoring_interval = 30',
        '  monitoring_role_arn = aws_iam_role.rds_monitoring.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_118'],
      docs: [DOCS.instance, DOCS.clusterInstance],
    },
  },
  (db, ctx) =>
    expectAttribute(ctx, db, ['monitoring_interval'], {
      label: 'monitoring_interval',
      compliant: v => (asNumber(v) ?? 0) > 0,
      passMessage: 'Enhanced monitoring is on (monitoring_interval > 0)',
      failMessage:
        'Enhanced monitoring is off: monitoring_interval is 0 or not set',
      providerDefault: 0,
    }),
);

export const rdsLogExports = resourceRule(
  {
    id: 'GW-AWS-214',
    title: 'RDS databases export their logs to CloudWatch',
    severity: 'medium',
    resourceTypes: [INSTANCE, CLUSTER],
    rationale:
      'Database error, slow-query and audit logs stay on the host and rotate away unless exported; ' +
      'exported, they outlive the instance and can be searched and alarmed on.',
    remediation: {
      text: 'List the engine log types in enabled_cloudwatch_logs_exports.',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  engine                          = "postgres"',
        '  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_129', 'CKV_AWS_324'],
      docs: [DOCS.instance, DOCS.cluster],
    },
  },
  (db, ctx) =>
    auroraInstance(db) ??
    judgeListIncludes(
      db,
      ctx,
      'enabled_cloudwatch_logs_exports',
      [],
      'Log export',
    ),
);

export const rdsIamAuthentication = flagRule(
  {
    id: 'GW-AWS-215',
    title: 'RDS databases accept IAM authentication',
    severity: 'medium',
    resourceTypes: [INSTANCE, CLUSTER],
    rationale:
      'IAM database authentication replaces long-lived database passwords with 15-minute tokens tied ' +
      'to IAM roles, so access is granted and revoked where the rest of access is.',
    remediation: {
      text: 'Set iam_database_authentication_enabled = true and grant rds-db:connect to the roles that need it.',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  iam_database_authentication_enabled = true',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_161', 'CKV_AWS_162'],
      docs: [DOCS.instance, DOCS.cluster],
    },
  },
  ['iam_database_authentication_enabled'],
  'IAM database authentication',
  false,
  auroraInstance,
);

/** CA certificates RDS signs server certificates with that are current. */
const CURRENT_CAS = new Set([
  'rds-ca-rsa2048-g1',
  'rds-ca-rsa4096-g1',
  'rds-ca-ecc384-g1',
]);

export const rdsCurrentCa = resourceRule(
  {
    id: 'GW-AWS-216',
    title: 'RDS instances use a current certificate authority',
    severity: 'medium',
    resourceTypes: [INSTANCE],
    rationale:
      'rds-ca-2019 expired in August 2024; clients that verify the server certificate (as they should) ' +
      'fail to connect to an instance still using it.',
    remediation: {
      text: 'Set ca_cert_identifier to rds-ca-rsa2048-g1 (or the rsa4096/ecc384 CA) and update the client trust bundle.',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  ca_cert_identifier = "rds-ca-rsa2048-g1"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_211'],
      docs: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html',
      ],
    },
  },
  (db, ctx) =>
    expectAttribute(ctx, db, ['ca_cert_identifier'], {
      label: 'ca_cert_identifier',
      compliant: v => v === null || CURRENT_CAS.has(String(v)),
      passMessage: 'ca_cert_identifier is a current CA',
      failMessage: `ca_cert_identifier is ${String(
        db.after?.ca_cert_identifier,
      )}; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1`,
      // New instances get rds-ca-rsa2048-g1 since January 2024.
      providerDefault: 'rds-ca-rsa2048-g1',
    }),
);

export const rdsAutoMinorUpgrade = flagRule(
  {
    id: 'GW-AWS-217',
    title: 'RDS instances take minor engine upgrades automatically',
    severity: 'low',
    resourceTypes: [INSTANCE, CLUSTER_INSTANCE],
    rationale:
      'Minor versions carry security fixes; with automatic upgrades they land in the maintenance window ' +
      'instead of waiting for someone to schedule them.',
    remediation: {
      text: 'Leave auto_minor_version_upgrade at its default (true) or set it explicitly.',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  auto_minor_version_upgrade = true',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_226'],
      docs: [DOCS.instance, DOCS.clusterInstance],
    },
  },
  ['auto_minor_version_upgrade'],
  'Automatic minor version upgrade',
  true,
);

/** `12.5` → [12, 5]; undefined when a part is not a number. */
function versionParts(v: string): number[] | undefined {
  const parts = v.split('.').map(p => Number(p));
  return parts.every(Number.isInteger) ? parts : undefined;
}

/**
 * First fixed version per major for AWS-2022-004 (log_fdw reads files as
 * the rdsadmin user). A version below it on the same major is vulnerable;
 * majors above the table's range were never affected.
 */
const LOG_FDW_FIXED: Record<string, Record<number, number[]>> = {
  postgres: {
    9: [9, 6, 22],
    10: [10, 17],
    11: [11, 12],
    12: [12, 7],
    13: [13, 3],
  },
  'aurora-postgresql': { 10: [10, 14], 11: [11, 9] },
};
const LOG_FDW_LAST_AFFECTED: Record<string, number> = {
  postgres: 13,
  'aurora-postgresql': 11,
};

function below(version: number[], fixed: number[]): boolean {
  for (let i = 0; i < fixed.length; i++) {
    const v = version[i] ?? 0;
    if (v !== fixed[i]) return v < fixed[i];
  }
  return false;
}

interface EngineAdvisory {
  name: string;
  engines: ReadonlySet<string>;
  /**
   * Whether the version is affected; `unclear` when the version is only a
   * major (RDS then picks a minor at apply time) on an affected major.
   */
  affects(engine: string, version: number[]): boolean | 'unclear';
}

function judgeEngineVersion(
  db: PlanResource,
  ctx: RuleContext,
  advisory: EngineAdvisory,
): RuleOutcome {
  const engine = engineOf(db);
  if (engine === undefined)
    return ctx.read(db, ['engine']).state === 'unknown'
      ? hiddenUntilApply('engine')
      : notApplicable('No engine is set.');
  if (!advisory.engines.has(engine))
    return notApplicable(
      `${advisory.name} does not concern the ${engine} engine.`,
    );
  const read = ctx.read(db, ['engine_version']);
  if (read.state === 'unknown' || read.value === null)
    return read.state === 'unknown' && read.configured
      ? hiddenUntilApply('engine_version')
      : unknown(
          'engine_version is not set: RDS picks the default version at apply time; pin it to judge it.',
        );
  const text = String(read.value);
  const version = versionParts(text);
  if (!version)
    return unknown(`engine_version "${text}" is not a version number.`);
  const affected = advisory.affects(engine, version);
  if (affected === 'unclear')
    return unknown(
      `engine_version ${text} names only a major version, some of whose minor versions are affected by ${advisory.name}; pin a patched minor version.`,
    );
  return affected
    ? fail(
        `engine_version ${text} is affected by ${advisory.name}; upgrade to a patched minor version.`,
      )
    : pass(`engine_version ${text} is not affected by ${advisory.name}.`);
}

const LOG_FDW: EngineAdvisory = {
  name: 'AWS-2022-004 (log_fdw)',
  engines: new Set(Object.keys(LOG_FDW_FIXED)),
  affects: (engine, version) => {
    if (version[0] > LOG_FDW_LAST_AFFECTED[engine]) return false;
    const fixed = LOG_FDW_FIXED[engine][version[0]];
    if (!fixed) return true;
    return version.length < 2 ? 'unclear' : below(version, fixed);
  },
};

export const rdsLogFdwPatched = resourceRule(
  {
    id: 'GW-AWS-218',
    title: 'RDS PostgreSQL runs a version patched for the log_fdw advisory',
    severity: 'high',
    resourceTypes: [INSTANCE, CLUSTER],
    rationale:
      'AWS-2022-004: on unpatched PostgreSQL versions the log_fdw extension let a database user read ' +
      'files on the host, including credentials of the management agent.',
    remediation: {
      text: 'Move engine_version to a patched minor version (PostgreSQL 13.3+, 12.7+, 11.12+, 10.17+, 9.6.22+; Aurora PostgreSQL 11.9+, 10.14+).',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  engine         = "postgres"',
        '  engine_version = "16.4"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_250'],
      docs: [
        'https://aws.amazon.com/security/security-bulletins/AWS-2022-004/',
      ],
    },
  },
  (db, ctx) => judgeEngineVersion(db, ctx, LOG_FDW),
);

export const rdsPerformanceInsights = flagRule(
  {
    id: 'GW-AWS-219',
    title: 'RDS instances have Performance Insights',
    severity: 'low',
    resourceTypes: [INSTANCE, CLUSTER_INSTANCE],
    rationale:
      'Performance Insights records database load by query and wait event; without it, a slowdown ' +
      'that has passed leaves nothing to diagnose. Seven days of history are free.',
    remediation: {
      text: 'Set performance_insights_enabled = true.',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  performance_insights_enabled    = true',
        '  performance_insights_kms_key_id = aws_kms_key.rds.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_353'],
      docs: [DOCS.instance, DOCS.clusterInstance],
    },
  },
  ['performance_insights_enabled'],
  'Performance Insights',
  false,
);

export const rdsPerformanceInsightsCmk = cmkRule(
  {
    id: 'GW-AWS-220',
    title: 'RDS Performance Insights data uses a customer-managed KMS key',
    severity: 'low',
    resourceTypes: [INSTANCE, CLUSTER_INSTANCE],
    rationale:
      'Performance Insights keeps query text, which can contain literal customer data; a customer-managed ' +
      'key puts it under the same key policy as the database.',
    remediation: {
      text: 'Set performance_insights_kms_key_id (it can only be chosen when Performance Insights is first enabled).',
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  performance_insights_enabled    = true',
        '  performance_insights_kms_key_id = aws_kms_key.rds.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_354'],
      docs: [DOCS.instance, DOCS.clusterInstance],
    },
  },
  'performance_insights_kms_key_id',
  'Performance Insights',
  (db, ctx) => {
    const on = ctx.read(db, ['performance_insights_enabled']);
    return on.state === 'known' && !isTrue(on.value)
      ? notApplicable('Performance Insights is off.')
      : undefined;
  },
);

/** Aurora PostgreSQL versions with the local file read issue AWS fixed in 2020. */
const AURORA_PG_FILE_READ = new Set([
  '10.11',
  '10.12',
  '10.13',
  '11.6',
  '11.7',
  '11.8',
]);

const AURORA_PG_FILE_READ_ADVISORY: EngineAdvisory = {
  name: 'the Aurora PostgreSQL local file read flaw',
  engines: new Set(['aurora-postgresql']),
  affects: (_engine, version) => {
    if (version.length < 2)
      return version[0] === 10 || version[0] === 11 ? 'unclear' : false;
    return AURORA_PG_FILE_READ.has(version.slice(0, 2).join('.'));
  },
};

export const auroraPostgresFileReadPatched = resourceRule(
  {
    id: 'GW-AWS-221',
    title: 'Aurora PostgreSQL avoids versions with the local file read flaw',
    severity: 'high',
    resourceTypes: [INSTANCE, CLUSTER],
    rationale:
      'Aurora PostgreSQL 10.11–10.13 and 11.6–11.8 let a database user read local files on the host ' +
      '(fixed in 10.14 and 11.9); those versions must not be deployed.',
    remediation: {
      text: 'Upgrade engine_version to 10.14 or 11.9 or later (ideally a supported major).',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  engine         = "aurora-postgresql"',
        '  engine_version = "16.4"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_388'],
      docs: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html',
      ],
    },
  },
  (db, ctx) => judgeEngineVersion(db, ctx, AURORA_PG_FILE_READ_ADVISORY),
);

export const rdsClusterCopyTags = flagRule(
  {
    id: 'GW-AWS-222',
    title: 'RDS clusters copy tags to snapshots',
    severity: 'low',
    resourceTypes: [CLUSTER],
    rationale:
      'Snapshots without the cluster tags lose their owner, cost centre and data classification, so ' +
      'they cannot be attributed, billed or found by tag-based policies.',
    remediation: {
      text: 'Set copy_tags_to_snapshot = true.',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  copy_tags_to_snapshot = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_313'], docs: [DOCS.cluster] },
  },
  ['copy_tags_to_snapshot'],
  'Copying tags to snapshots',
  false,
);

const MYSQL_FAMILY = new Set(['aurora', 'aurora-mysql', 'mysql']);

export const rdsClusterAuditLog = resourceRule(
  {
    id: 'GW-AWS-223',
    title: 'MySQL-family RDS clusters export audit logs',
    severity: 'medium',
    resourceTypes: [CLUSTER],
    rationale:
      'The audit log records who connected and which statements they ran; for Aurora MySQL it is the ' +
      'record an incident review needs, and it is only kept if exported.',
    remediation: {
      text: 'Add "audit" to enabled_cloudwatch_logs_exports (and turn on server_audit_logging in the cluster parameter group).',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  engine                          = "aurora-mysql"',
        '  enabled_cloudwatch_logs_exports = ["audit", "error", "slowquery"]',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_325'], docs: [DOCS.cluster] },
  },
  (cluster, ctx) => {
    const engine = engineOf(cluster) ?? 'aurora';
    if (!MYSQL_FAMILY.has(engine))
      return notApplicable(
        `The ${engine} engine has no MySQL audit log to export.`,
      );
    return judgeListIncludes(
      cluster,
      ctx,
      'enabled_cloudwatch_logs_exports',
      ['audit'],
      'Audit log export',
    );
  },
);

export const auroraBacktrack = resourceRule(
  {
    id: 'GW-AWS-224',
    title: 'Production Aurora MySQL clusters have backtracking',
    severity: 'low',
    resourceTypes: [CLUSTER],
    productionOnly: true,
    rationale:
      'Backtracking rewinds an Aurora MySQL cluster to a moment before a bad migration or delete in ' +
      'minutes, without restoring a new cluster from backup.',
    remediation: {
      text: 'Set backtrack_window (seconds, up to 72 hours). It can only be enabled when the cluster is created.',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  engine           = "aurora-mysql"',
        '  backtrack_window = 86400',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_326'], docs: [DOCS.cluster] },
  },
  (cluster, ctx) => {
    const engine = engineOf(cluster) ?? 'aurora';
    if (engine !== 'aurora' && engine !== 'aurora-mysql')
      return notApplicable(
        `Backtracking exists only for Aurora MySQL, not ${engine}.`,
      );
    return expectAttribute(ctx, cluster, ['backtrack_window'], {
      label: 'backtrack_window',
      compliant: v => (asNumber(v) ?? 0) > 0,
      passMessage: 'Backtracking is on (backtrack_window > 0)',
      failMessage: 'Backtracking is off: backtrack_window is 0 or not set',
      providerDefault: 0,
    });
  },
);

export const rdsClusterCmk = cmkRule(
  {
    id: 'GW-AWS-225',
    title: 'RDS clusters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [CLUSTER],
    rationale:
      'With the AWS-managed aws/rds key anyone with RDS permissions in the account can use the key; a ' +
      'customer-managed key lets the key policy decide who can read the data and snapshots, and snapshots ' +
      'encrypted with it can be shared across accounts.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key at creation.',
      terraform: [
        'resource "aws_rds_cluster" "main" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_id        = aws_kms_key.rds.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_327'], docs: [DOCS.cluster] },
  },
  'kms_key_id',
  'RDS',
);

export const RDS_RULES = [
  rdsClusterSnapshotEncrypted,
  rdsSnapshotNotPublic,
  rdsEnhancedMonitoring,
  rdsLogExports,
  rdsIamAuthentication,
  rdsCurrentCa,
  rdsAutoMinorUpgrade,
  rdsLogFdwPatched,
  rdsPerformanceInsights,
  rdsPerformanceInsightsCmk,
  auroraPostgresFileReadPatched,
  rdsClusterCopyTags,
  rdsClusterAuditLog,
  auroraBacktrack,
  rdsClusterCmk,
];
