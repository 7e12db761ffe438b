import {
  expectAttribute,
  isTrue,
  notApplicable,
  resourceRule,
} from '../../helpers';
import { awsDoc, cmkRule, flagRule } from './support';

const EFS = 'aws_efs_file_system';
const VAULT = 'aws_backup_vault';
const DMS = 'aws_dms_replication_instance';

export const efsCmk = cmkRule(
  {
    id: 'GW-AWS-266',
    title: 'EFS file systems are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [EFS],
    rationale:
      'Shared file systems collect data from many workloads; a customer-managed key lets the key policy ' +
      'decide who can mount and read it, independent of EFS permissions.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key at creation.',
      terraform: [
        'resource "aws_efs_file_system" "shared" {',
        '  encrypted  = true',
        '  kms_key_id = aws_kms_key.efs.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_184'], docs: [awsDoc(EFS)] },
  },
  'kms_key_id',
  'EFS',
  (fs, ctx) => {
    const encrypted = ctx.read(fs, ['encrypted']);
    return encrypted.state === 'known' && !isTrue(encrypted.value)
      ? notApplicable(
          'The file system is not encrypted (GW-AWS-016 reports it); a key applies only once it is.',
        )
      : undefined;
  },
);

export const backupVaultCmk = cmkRule(
  {
    id: 'GW-AWS-267',
    title: 'Backup vaults are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [VAULT],
    rationale:
      'Backups are the last line against ransomware and account compromise; a customer-managed key ' +
      'with a narrow key policy keeps an intruder with backup permissions from restoring or copying them.',
    remediation: {
      text: 'Set kms_key_arn to a customer-managed key.',
      terraform: [
        'resource "aws_backup_vault" "main" {',
        '  name        = "main"',
        '  kms_key_arn = aws_kms_key.backup.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_166'], docs: [awsDoc(VAULT)] },
  },
  'kms_key_arn',
  'AWS Backup',
);

export const dmsNotPublic = resourceRule(
  {
    id: 'GW-AWS-268',
    title: 'DMS replication instances are not publicly accessible',
    severity: 'critical',
    resourceTypes: [DMS],
    rationale:
      'A replication instance holds credentials for the source and target databases and streams their ' +
      'data; with a public IP it is exposed to the internet.',
    remediation: {
      text: 'Set publicly_accessible = false.',
      terraform: [
        'resource "aws_dms_replication_instance" "migrate" {',
        '  # ...',
        '  publicly_accessible = false',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_89'], docs: [awsDoc(DMS)] },
  },
  (instance, ctx) =>
    expectAttribute(ctx, instance, ['publicly_accessible'], {
      label: 'publicly_accessible',
      compliant: v => !isTrue(v),
      passMessage: 'publicly_accessible is false',
      failMessage:
        'publicly_accessible is true: the replication instance has a public IP',
      // The provider sends PubliclyAccessible = false when it is unset
      // (internal/service/dms/replication_instance.go, create).
      providerDefault: false,
    }),
);

export const dmsCmk = cmkRule(
  {
    id: 'GW-AWS-269',
    title: 'DMS replication instances use a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: [DMS],
    rationale:
      'The instance storage holds cached changes and task logs from the databases it migrates; a ' +
      'customer-managed key keeps that data under the same key policy as the databases.',
    remediation: {
      text: 'Set kms_key_arn to a customer-managed key at creation.',
      terraform: [
        'resource "aws_dms_replication_instance" "migrate" {',
        '  # ...',
        '  kms_key_arn = aws_kms_key.dms.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_212'], docs: [awsDoc(DMS)] },
  },
  'kms_key_arn',
  'DMS',
);

export const dmsMinorUpgrade = flagRule(
  {
    id: 'GW-AWS-270',
    title: 'DMS replication instances take minor engine upgrades automatically',
    severity: 'low',
    resourceTypes: [DMS],
    rationale:
      'Minor DMS engine versions carry security and stability fixes; with automatic upgrades they land ' +
      'in the maintenance window.',
    remediation: {
      text: 'Set auto_minor_version_upgrade = true.',
      terraform: [
        'resource "aws_dms_replication_instance" "migrate" {',
        '  # ...',
        '  auto_minor_version_upgrade = true',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_222'], docs: [awsDoc(DMS)] },
  },
  ['auto_minor_version_upgrade'],
  'Automatic minor version upgrade',
  false,
);

export const STORAGE_BACKUP_RULES = [
  efsCmk,
  backupVaultCmk,
  dmsNotPublic,
  dmsCmk,
  dmsMinorUpgrade,
];
