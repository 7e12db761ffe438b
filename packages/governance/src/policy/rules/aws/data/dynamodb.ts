import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  isTrue,
  resourceRule,
} from '../../helpers';
import { awsDoc, flagRule, judgeCmk, knownBlocks } from './support';

export const dynamodbCmk = resourceRule(
  {
    id: 'GW-AWS-226',
    title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      'By default a table is encrypted with an AWS-owned key that no key policy or CloudTrail entry ' +
      'governs; a customer-managed key lets the team restrict and audit who can read table data and backups.',
    remediation: {
      text: 'Enable server_side_encryption with kms_key_arn set to a customer-managed key.',
      terraform: [
        'resource "aws_dynamodb_table" "orders" {',
        '  # ...',
        '  server_side_encryption {',
        '    enabled     = true',
        '    kms_key_arn = aws_kms_key.dynamodb.arn',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_119'],
      docs: [awsDoc('aws_dynamodb_table')],
    },
  },
  (table, ctx) => {
    const sse = knownBlocks(table, ctx, 'server_side_encryption');
    if (!sse) return hiddenUntilApply('server_side_encryption');
    if (sse.length === 0 || sse[0].enabled === false)
      return fail(
        'server_side_encryption is not enabled: the table uses an AWS-owned key; enable it with a customer-managed kms_key_arn.',
      );
    const enabled = ctx.read(table, ['server_side_encryption', 0, 'enabled']);
    if (enabled.state === 'unknown')
      return hiddenUntilApply('server_side_encryption.enabled');
    if (!isTrue(enabled.value))
      return fail(
        'server_side_encryption.enabled is not true: the table uses an AWS-owned key.',
      );
    return judgeCmk(
      table,
      ctx,
      ['server_side_encryption', 0, 'kms_key_arn'],
      'DynamoDB',
    );
  },
);

const DAX = 'aws_dax_cluster';

export const daxEncryption = flagRule(
  {
    id: 'GW-AWS-227',
    title: 'DAX clusters encrypt data at rest',
    severity: 'high',
    resourceTypes: [DAX],
    rationale:
      'DAX caches table items on its nodes; without encryption at rest the cache, its logs and swap hold ' +
      'the data in clear, whatever the table behind it does. It can only be set at creation.',
    remediation: {
      text: 'Add server_side_encryption { enabled = true }.',
      terraform: [
        'resource "aws_dax_cluster" "cache" {',
        '  # ...',
        '  server_side_encryption {',
        '    enabled = true',
        '  }',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_47'], docs: [awsDoc(DAX)] },
  },
  ['server_side_encryption', 0, 'enabled'],
  'DAX encryption at rest',
  false,
);

export const daxTls = resourceRule(
  {
    id: 'GW-AWS-228',
    title: 'DAX cluster endpoints use TLS',
    severity: 'medium',
    resourceTypes: [DAX],
    rationale:
      'Without TLS, items read from and written through DAX cross the network in clear text. The ' +
      'endpoint encryption type is fixed at creation.',
    remediation: {
      text: 'Set cluster_endpoint_encryption_type = "TLS".',
      terraform: [
        'resource "aws_dax_cluster" "cache" {',
        '  # ...',
        '  cluster_endpoint_encryption_type = "TLS"',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_239'], docs: [awsDoc(DAX)] },
  },
  (cluster, ctx) =>
    expectAttribute(ctx, cluster, ['cluster_endpoint_encryption_type'], {
      label: 'cluster_endpoint_encryption_type',
      compliant: v => v === 'TLS',
      passMessage: 'cluster_endpoint_encryption_type is TLS',
      failMessage:
        'cluster_endpoint_encryption_type is not TLS: clients talk to DAX in clear text',
      providerDefault: 'NONE',
    }),
);

export const DYNAMODB_RULES = [dynamodbCmk, daxEncryption, daxTls];
