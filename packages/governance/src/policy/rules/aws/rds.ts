import type { PlanResource } from '../../../plan/types';
import { asNumber } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';

const RDS_INSTANCES = ['aws_db_instance'];
const RDS_ALL = ['aws_db_instance', 'aws_rds_cluster'];

/** Aurora instances inherit storage settings from their cluster. */
function inheritsFromCluster(db: PlanResource): boolean {
  const engine = db.after?.engine;
  return (
    db.type === 'aws_db_instance' &&
    typeof engine === 'string' &&
    engine.startsWith('aurora')
  );
}

function unlessAurora(
  check: (db: PlanResource, ctx: RuleContext) => RuleOutcome,
) {
  return (db: PlanResource, ctx: RuleContext) =>
    inheritsFromCluster(db)
      ? notApplicable(
          'Aurora instances take this setting from their aws_rds_cluster.',
        )
      : check(db, ctx);
}

export const rdsEncryption = resourceRule(
  {
    id: 'GW-AWS-011',
    title: 'RDS storage is encrypted',
    severity: 'high',
    resourceTypes: RDS_ALL,
    rationale:
      'Database storage, automated backups, read replicas and snapshots inherit the encryption ' +
      'chosen at creation; it cannot be turned on later without a copy and restore.',
    remediation: {
      text: 'Set storage_encrypted = true (with a customer-managed KMS key where data is sensitive).',
      terraform:
        'resource "aws_db_instance" "main" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_16'],
      cis: ['CIS AWS Foundations v1.5.0 2.3.1'],
    },
  },
  unlessAurora((db, ctx) =>
    expectTrue(ctx, db, ['storage_encrypted'], 'Storage encryption'),
  ),
);

export const rdsPublicAccess = resourceRule(
  {
    id: 'GW-AWS-012',
    title: 'RDS instances are not publicly accessible',
    severity: 'critical',
    resourceTypes: [...RDS_INSTANCES, 'aws_rds_cluster_instance'],
    rationale:
      'A publicly accessible database gets a public DNS name and IP; its only remaining guard is ' +
      'the security group and the password.',
    remediation: {
      text: 'Set publicly_accessible = false and reach the database from inside the VPC.',
      terraform:
        'resource "aws_db_instance" "main" {\n  # ...\n  publicly_accessible = false\n}',
    },
    references: {
      checkov: ['CKV_AWS_17'],
      cis: ['CIS AWS Foundations v3.0.0 2.3.3'],
    },
  },
  (db, ctx) =>
    expectAttribute(ctx, db, ['publicly_accessible'], {
      label: 'publicly_accessible',
      compliant: v => v === null || isFalse(v),
      passMessage: 'Not publicly accessible',
      failMessage:
        'publicly_accessible is true: the database is reachable from the internet',
      providerDefault: false,
    }),
);

const MIN_RETENTION_DAYS = 7;

export const rdsBackupRetention = resourceRule(
  {
    id: 'GW-AWS-013',
    title: `RDS automated backups are kept at least ${MIN_RETENTION_DAYS} days`,
    severity: 'medium',
    resourceTypes: RDS_ALL,
    rationale:
      'backup_retention_period = 0 disables automated backups and point-in-time restore; fewer ' +
      'than seven days rarely covers the time it takes to notice corruption.',
    remediation: {
      text: `Set backup_retention_period to ${MIN_RETENTION_DAYS} or more.`,
      terraform:
        'resource "aws_db_instance" "main" {\n  # ...\n  backup_retention_period = 14\n}',
    },
    references: { checkov: ['CKV_AWS_133'] },
  },
  unlessAurora((db, ctx) => {
    const source = db.after?.replicate_source_db;
    if (typeof source === 'string' && source) {
      return notApplicable(
        'A read replica: automated backups and point-in-time restore are kept on its source database.',
      );
    }
    const read = ctx.read(db, ['backup_retention_period']);
    let days: number | undefined;
    let note = '';
    if (read.state === 'unknown') {
      if (read.configured) return hiddenUntilApply('backup_retention_period');
      days = 1;
      note = ' (not set; AWS defaults to 1 day)';
    } else {
      days = asNumber(read.value) ?? (read.value === null ? 1 : undefined);
      if (read.value === null) note = ' (not set; AWS defaults to 1 day)';
    }
    if (days === undefined) return hiddenUntilApply('backup_retention_period');
    if (days === 0)
      return fail(
        'backup_retention_period is 0: automated backups are disabled.',
      );
    if (days < MIN_RETENTION_DAYS) {
      return fail(
        `Backups are kept ${days} day(s)${note}; at least ${MIN_RETENTION_DAYS} are required.`,
      );
    }
    return pass(`Backups are kept ${days} days.`);
  }),
);

export const rdsMultiAz = resourceRule(
  {
    id: 'GW-AWS-014',
    title: 'Production RDS instances are Multi-AZ',
    severity: 'medium',
    resourceTypes: RDS_INSTANCES,
    productionOnly: true,
    rationale:
      'A single-AZ database is down for the length of an AZ outage or a host failure recovery; ' +
      'Multi-AZ fails over in one to two minutes.',
    remediation: {
      text: 'Set multi_az = true for production databases.',
      terraform:
        'resource "aws_db_instance" "main" {\n  # ...\n  multi_az = true\n}',
    },
    references: { checkov: ['CKV_AWS_157'] },
  },
  unlessAurora((db, ctx) => expectTrue(ctx, db, ['multi_az'], 'Multi-AZ')),
);

export const rdsDeletionProtection = resourceRule(
  {
    id: 'GW-AWS-015',
    title: 'Production databases have deletion protection',
    severity: 'medium',
    resourceTypes: RDS_ALL,
    productionOnly: true,
    rationale:
      'Deletion protection stops a terraform destroy or a console slip from deleting the database.',
    remediation: {
      text: 'Set deletion_protection = true.',
      terraform:
        'resource "aws_db_instance" "main" {\n  # ...\n  deletion_protection = true\n}',
    },
    references: { checkov: ['CKV_AWS_293', 'CKV_AWS_139'] },
  },
  unlessAurora((db, ctx) =>
    expectTrue(ctx, db, ['deletion_protection'], 'Deletion protection'),
  ),
);
