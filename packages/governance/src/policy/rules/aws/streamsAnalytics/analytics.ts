import { blocks, maskHidesAnyAt } from '../../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
  worstOf,
} from '../../helpers';
import { expectValue, isTrueValue, tfDoc } from '../identityAudit/support';

const workgroup = (body: string) =>
  `resource "aws_athena_workgroup" "analytics" {\n  name = "analytics"\n  configuration {\n${body}\n  }\n}`;

export const athenaEncryption = resourceRule(
  {
    id: 'GW-AWS-316',
    title: 'Athena workgroups encrypt query results',
    severity: 'high',
    resourceTypes: ['aws_athena_workgroup'],
    rationale:
      "Query results are copies of the data queried, written to S3; the workgroup's encryption " +
      'configuration makes sure those copies are encrypted too.',
    remediation: {
      text: 'Add configuration.result_configuration.encryption_configuration (SSE_KMS with a key, or SSE_S3).',
      terraform: workgroup(
        '    enforce_workgroup_configuration = true\n    result_configuration {\n      output_location = "s3://${aws_s3_bucket.results.bucket}/"\n      encryption_configuration {\n        encryption_option = "SSE_KMS"\n        kms_key_arn       = aws_kms_key.athena.arn\n      }\n    }',
      ),
    },
    references: {
      checkov: ['CKV_AWS_159'],
      docs: [tfDoc('aws_athena_workgroup')],
    },
  },
  (wg, ctx) => {
    const read = ctx.read(wg, [
      'configuration',
      0,
      'result_configuration',
      0,
      'encryption_configuration',
    ]);
    if (read.state === 'unknown')
      return hiddenUntilApply(
        'configuration.result_configuration.encryption_configuration',
      );
    const enc = blocks(read.value)[0];
    if (!enc)
      return fail(
        'configuration.result_configuration.encryption_configuration is not set; add it',
      );
    const option = enc.encryption_option;
    if (
      maskHidesAnyAt(wg.afterUnknown, [
        'configuration',
        0,
        'result_configuration',
        0,
        'encryption_configuration',
      ]) &&
      (typeof option !== 'string' || option === '')
    )
      return hiddenUntilApply('encryption_configuration.encryption_option');
    return typeof option === 'string' && option !== ''
      ? pass(`Query results are encrypted (encryption_option ${option})`)
      : fail(
          'encryption_configuration.encryption_option is empty; set SSE_KMS or SSE_S3',
        );
  },
);

export const athenaEnforceConfiguration = resourceRule(
  {
    id: 'GW-AWS-317',
    title: 'Athena workgroups enforce their configuration on clients',
    severity: 'medium',
    resourceTypes: ['aws_athena_workgroup'],
    rationale:
      'Without enforcement each client can override the result location and turn encryption off; ' +
      'enforcing the workgroup settings keeps every query under the same controls.',
    remediation: {
      text: 'Keep configuration.enforce_workgroup_configuration = true (the default).',
      terraform: workgroup('    enforce_workgroup_configuration = true'),
    },
    references: {
      checkov: ['CKV_AWS_82'],
      docs: [tfDoc('aws_athena_workgroup')],
    },
  },
  (wg, ctx) =>
    expectValue(
      ctx,
      wg,
      ['configuration', 0, 'enforce_workgroup_configuration'],
      {
        label: 'configuration.enforce_workgroup_configuration',
        compliant: isTrueValue,
        providerDefault: true,
        passMessage: 'configuration.enforce_workgroup_configuration is true',
        failMessage:
          'configuration.enforce_workgroup_configuration is false; set it to true',
      },
    ),
);

export const glueCatalogEncryption = resourceRule(
  {
    id: 'GW-AWS-318',
    title: 'Glue Data Catalog encrypts metadata and connection passwords',
    severity: 'high',
    resourceTypes: ['aws_glue_data_catalog_encryption_settings'],
    rationale:
      'The catalog holds table definitions and the passwords of JDBC connections; both should be ' +
      'encrypted with KMS so that reading the catalog does not reveal database credentials.',
    remediation: {
      text: 'Set encryption_at_rest.catalog_encryption_mode = "SSE-KMS" and connection_password_encryption.return_connection_password_encrypted = true.',
      terraform:
        'resource "aws_glue_data_catalog_encryption_settings" "this" {\n  data_catalog_encryption_settings {\n    encryption_at_rest {\n      catalog_encryption_mode = "SSE-KMS"\n      sse_aws_kms_key_id      = aws_kms_key.glue.arn\n    }\n    connection_password_encryption {\n      return_connection_password_encrypted = true\n      aws_kms_key_id                        = aws_kms_key.glue.arn\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_AWS_94'],
      docs: [tfDoc('aws_glue_data_catalog_encryption_settings')],
    },
  },
  (settings, ctx) => {
    const base = ['data_catalog_encryption_settings', 0];
    return (
      worstOf([
        expectValue(
          ctx,
          settings,
          [...base, 'encryption_at_rest', 0, 'catalog_encryption_mode'],
          {
            label: 'encryption_at_rest.catalog_encryption_mode',
            compliant: v => typeof v === 'string' && v.startsWith('SSE-KMS'),
            providerDefault: 'DISABLED',
            passMessage: 'catalog_encryption_mode is SSE-KMS',
            failMessage:
              'encryption_at_rest.catalog_encryption_mode is not SSE-KMS; set it to "SSE-KMS"',
          },
        ),
        expectValue(
          ctx,
          settings,
          [
            ...base,
            'connection_password_encryption',
            0,
            'return_connection_password_encrypted',
          ],
          {
            label:
              'connection_password_encryption.return_connection_password_encrypted',
            compliant: isTrueValue,
            providerDefault: false,
            passMessage: 'return_connection_password_encrypted is true',
            failMessage:
              'connection_password_encryption.return_connection_password_encrypted is not true; set it to true',
          },
        ),
      ]) ??
      pass('Catalog metadata and connection passwords are encrypted with KMS')
    );
  },
);
