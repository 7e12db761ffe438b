import { isUnset } from '../../../../plan/values';
import { notApplicable, resourceRule } from '../../helpers';
import {
  expectSet,
  expectValue,
  isTrueValue,
  tfDoc,
} from '../identityAudit/support';

/** AWS-managed keys: encryption, but no key policy of the team's own. */
const AWS_MANAGED_KINESIS_KEY =
  /^(alias\/aws\/kinesis|arn:aws[a-z-]*:kms:[^:]*:[^:]*:alias\/aws\/kinesis)$/;

export const kinesisStreamEncryption = resourceRule(
  {
    id: 'GW-AWS-301',
    title: 'Kinesis data streams are encrypted with KMS',
    severity: 'high',
    resourceTypes: ['aws_kinesis_stream'],
    rationale:
      'Records sit in a stream for up to a year and often carry events with personal data; ' +
      'without server-side encryption they are stored in the clear.',
    remediation: {
      text: 'Set encryption_type = "KMS" and a kms_key_id.',
      terraform:
        'resource "aws_kinesis_stream" "events" {\n  name            = "events"\n  encryption_type = "KMS"\n  kms_key_id      = aws_kms_key.streams.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_43'],
      docs: [tfDoc('aws_kinesis_stream')],
    },
  },
  (stream, ctx) =>
    expectValue(ctx, stream, ['encryption_type'], {
      label: 'encryption_type',
      compliant: v => v === 'KMS',
      providerDefault: 'NONE',
      passMessage: 'Encrypted: encryption_type is KMS',
      failMessage: 'encryption_type is not KMS; set it to "KMS"',
    }),
);

export const kinesisStreamCmk = resourceRule(
  {
    id: 'GW-AWS-302',
    title: 'Kinesis data streams use a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_kinesis_stream'],
    rationale:
      'With the AWS-managed alias/aws/kinesis key anyone allowed to read the stream can decrypt it; ' +
      'a customer managed key lets the team limit and audit decryption separately.',
    remediation: {
      text: 'Point kms_key_id at a customer managed key.',
      terraform:
        'resource "aws_kinesis_stream" "events" {\n  name            = "events"\n  encryption_type = "KMS"\n  kms_key_id      = aws_kms_key.streams.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_185'],
      docs: [tfDoc('aws_kinesis_stream')],
    },
  },
  (stream, ctx) => {
    const key = ctx.read(stream, ['kms_key_id']);
    if (
      key.state === 'known' &&
      typeof key.value === 'string' &&
      AWS_MANAGED_KINESIS_KEY.test(key.value)
    )
      return {
        verdict: 'fail',
        message: `kms_key_id is the AWS-managed ${key.value}; use a customer managed key`,
      };
    return expectSet(
      ctx,
      stream,
      ['kms_key_id'],
      'kms_key_id',
      'Encrypted with a customer managed key',
      'kms_key_id is not set; set a customer managed key',
    );
  },
);

export const firehoseEncryption = resourceRule(
  {
    id: 'GW-AWS-303',
    title: 'Firehose delivery streams encrypt records at rest',
    severity: 'high',
    resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
    rationale:
      'Firehose buffers records before delivery; server-side encryption keeps that buffer unreadable ' +
      "without the key. A stream fed by a Kinesis stream inherits the source stream's encryption instead.",
    remediation: {
      text: 'Add server_side_encryption { enabled = true }.',
      terraform:
        'resource "aws_kinesis_firehose_delivery_stream" "logs" {\n  name        = "logs"\n  destination = "extended_s3"\n  server_side_encryption {\n    enabled  = true\n    key_type = "CUSTOMER_MANAGED_CMK"\n    key_arn  = aws_kms_key.firehose.arn\n  }\n  extended_s3_configuration {\n    role_arn   = aws_iam_role.firehose.arn\n    bucket_arn = aws_s3_bucket.logs.arn\n  }\n}',
    },
    references: {
      checkov: ['CKV_AWS_240'],
      docs: [tfDoc('aws_kinesis_firehose_delivery_stream')],
    },
  },
  (stream, ctx) => {
    const source = ctx.read(stream, ['kinesis_source_configuration']);
    if (
      source.state === 'known' &&
      !isUnset(source.value) &&
      !(Array.isArray(source.value) && source.value.length === 0)
    )
      return notApplicable(
        "Fed by a Kinesis stream (kinesis_source_configuration): the source stream's encryption applies.",
      );
    return expectValue(ctx, stream, ['server_side_encryption', 0, 'enabled'], {
      label: 'server_side_encryption.enabled',
      compliant: isTrueValue,
      providerDefault: false,
      passMessage: 'Encrypted: server_side_encryption.enabled is true',
      failMessage: 'server_side_encryption.enabled is not true; enable it',
    });
  },
);

export const firehoseCmk = resourceRule(
  {
    id: 'GW-AWS-304',
    title: 'Firehose delivery streams use a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
    rationale:
      'An AWS-owned key cannot be restricted or audited by the team; a customer managed key puts ' +
      "decryption under the team's key policy and in CloudTrail.",
    remediation: {
      text: 'Set server_side_encryption.key_type = "CUSTOMER_MANAGED_CMK" and key_arn.',
      terraform:
        'resource "aws_kinesis_firehose_delivery_stream" "logs" {\n  name        = "logs"\n  destination = "extended_s3"\n  server_side_encryption {\n    enabled  = true\n    key_type = "CUSTOMER_MANAGED_CMK"\n    key_arn  = aws_kms_key.firehose.arn\n  }\n}',
    },
    references: {
      checkov: ['CKV_AWS_241'],
      docs: [tfDoc('aws_kinesis_firehose_delivery_stream')],
    },
  },
  (stream, ctx) => {
    const source = ctx.read(stream, ['kinesis_source_configuration']);
    if (
      source.state === 'known' &&
      !isUnset(source.value) &&
      !(Array.isArray(source.value) && source.value.length === 0)
    )
      return notApplicable(
        "Fed by a Kinesis stream (kinesis_source_configuration): the source stream's key applies.",
      );
    return expectValue(ctx, stream, ['server_side_encryption', 0, 'key_type'], {
      label: 'server_side_encryption.key_type',
      compliant: v => v === 'CUSTOMER_MANAGED_CMK',
      providerDefault: 'AWS_OWNED_CMK',
      passMessage: 'server_side_encryption.key_type is CUSTOMER_MANAGED_CMK',
      failMessage:
        'server_side_encryption.key_type is not CUSTOMER_MANAGED_CMK; set it and key_arn',
    });
  },
);
