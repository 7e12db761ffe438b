import {
  addressOf,
  planOf,
  ResourceSpec,
} from '../../../../__testUtils__/plans';
import type { JsonObject } from '../../../../plan/types';
import { CHECKOV } from '../../../checkov/catalogue';
import { evaluatePlan } from '../../../evaluate';
import type { Verdict } from '../../../types';
import { AWS_STREAMS_ANALYTICS_RULES } from '.';

interface Case {
  rule: string;
  name: string;
  spec: ResourceSpec;
  verdict: Verdict;
  /** Text the message must contain (the attribute it names). */
  says?: string;
}

const res = (
  type: string,
  after: JsonObject,
  extra: Partial<ResourceSpec> = {},
): ResourceSpec => ({ type, after, ...extra });

const policy = (statement: JsonObject) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const publicSend = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'sqs:SendMessage',
  Resource: 'arn:aws:sqs:eu-west-1:111122223333:jobs',
};

const CASES: Case[] = [
  // Lists and blocks whose elements are only known after apply.
  {
    rule: 'GW-AWS-328',
    name: 'protocol from a variable',
    spec: res(
      'aws_transfer_server',
      { protocols: [null] },
      {
        unknown: { protocols: [true] },
        config: { protocols: { references: ['var.protocol'] } },
      },
    ),
    verdict: 'unknown',
    says: 'protocols',
  },
  {
    rule: 'GW-AWS-306',
    name: 'sink enabled from a variable',
    spec: res(
      'aws_msk_cluster',
      { logging_info: [{ broker_logs: [{ s3: [{ enabled: null }] }] }] },
      {
        unknown: {
          logging_info: [{ broker_logs: [{ s3: [{ enabled: true }] }] }],
        },
      },
    ),
    verdict: 'unknown',
    says: 'broker_logs',
  },
  {
    rule: 'GW-AWS-316',
    name: 'encryption option from a variable',
    spec: res(
      'aws_athena_workgroup',
      {
        configuration: [
          { result_configuration: [{ encryption_configuration: [{}] }] },
        ],
      },
      {
        unknown: {
          configuration: [
            {
              result_configuration: [
                { encryption_configuration: [{ encryption_option: true }] },
              ],
            },
          ],
        },
      },
    ),
    verdict: 'unknown',
    says: 'encryption_option',
  },
  // Kinesis
  {
    rule: 'GW-AWS-301',
    name: 'KMS stream',
    spec: res('aws_kinesis_stream', { encryption_type: 'KMS' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-301',
    name: 'NONE',
    spec: res('aws_kinesis_stream', { encryption_type: 'NONE' }),
    verdict: 'fail',
    says: 'encryption_type',
  },
  {
    rule: 'GW-AWS-301',
    name: 'unset',
    spec: res('aws_kinesis_stream', {}),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-301',
    name: 'hidden',
    spec: res(
      'aws_kinesis_stream',
      {},
      {
        unknown: { encryption_type: true },
        config: { encryption_type: { references: ['var.enc'] } },
      },
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-302',
    name: 'CMK',
    spec: res('aws_kinesis_stream', {
      kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-302',
    name: 'AWS key',
    spec: res('aws_kinesis_stream', { kms_key_id: 'alias/aws/kinesis' }),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-302',
    name: 'no key',
    spec: res('aws_kinesis_stream', {}),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-302',
    name: 'key from new resource (set, known only after apply)',
    spec: res(
      'aws_kinesis_stream',
      {},
      {
        unknown: { kms_key_id: true },
        config: { kms_key_id: { references: ['aws_kms_key.k.arn'] } },
      },
    ),
    verdict: 'pass',
  },
  // Firehose
  {
    rule: 'GW-AWS-303',
    name: 'SSE on',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      server_side_encryption: [{ enabled: true, key_type: 'AWS_OWNED_CMK' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-303',
    name: 'SSE off',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      server_side_encryption: [{ enabled: false }],
    }),
    verdict: 'fail',
    says: 'server_side_encryption.enabled',
  },
  {
    rule: 'GW-AWS-303',
    name: 'no block',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      server_side_encryption: [],
    }),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-303',
    name: 'kinesis source',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      kinesis_source_configuration: [{ kinesis_stream_arn: 'arn' }],
    }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-304',
    name: 'CMK',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      server_side_encryption: [
        { enabled: true, key_type: 'CUSTOMER_MANAGED_CMK' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-304',
    name: 'AWS owned',
    spec: res('aws_kinesis_firehose_delivery_stream', {
      server_side_encryption: [{ enabled: true, key_type: 'AWS_OWNED_CMK' }],
    }),
    verdict: 'fail',
    says: 'key_type',
  },
  // MSK
  {
    rule: 'GW-AWS-305',
    name: 'defaults',
    spec: res('aws_msk_cluster', { encryption_info: [] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-305',
    name: 'plaintext',
    spec: res('aws_msk_cluster', {
      encryption_info: [
        {
          encryption_in_transit: [
            { client_broker: 'TLS_PLAINTEXT', in_cluster: true },
          ],
        },
      ],
    }),
    verdict: 'fail',
    says: 'client_broker',
  },
  {
    rule: 'GW-AWS-305',
    name: 'in cluster off',
    spec: res('aws_msk_cluster', {
      encryption_info: [
        {
          encryption_in_transit: [{ client_broker: 'TLS', in_cluster: false }],
        },
      ],
    }),
    verdict: 'fail',
    says: 'in_cluster',
  },
  {
    rule: 'GW-AWS-306',
    name: 'cloudwatch logs',
    spec: res('aws_msk_cluster', {
      logging_info: [
        {
          broker_logs: [
            { cloudwatch_logs: [{ enabled: true, log_group: 'msk' }], s3: [] },
          ],
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-306',
    name: 'no logging',
    spec: res('aws_msk_cluster', { logging_info: [] }),
    verdict: 'fail',
    says: 'broker_logs',
  },
  {
    rule: 'GW-AWS-306',
    name: 'sinks disabled',
    spec: res('aws_msk_cluster', {
      logging_info: [{ broker_logs: [{ s3: [{ enabled: false }] }] }],
    }),
    verdict: 'fail',
    says: 'broker_logs',
  },
  {
    rule: 'GW-AWS-307',
    name: 'disabled',
    spec: res('aws_msk_cluster', {
      broker_node_group_info: [
        { connectivity_info: [{ public_access: [{ type: 'DISABLED' }] }] },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-307',
    name: 'public EIPs',
    spec: res('aws_msk_cluster', {
      broker_node_group_info: [
        {
          connectivity_info: [
            { public_access: [{ type: 'SERVICE_PROVIDED_EIPS' }] },
          ],
        },
      ],
    }),
    verdict: 'fail',
    says: 'public_access.type',
  },
  {
    rule: 'GW-AWS-307',
    name: 'unset',
    spec: res('aws_msk_cluster', { broker_node_group_info: [{}] }),
    verdict: 'pass',
    says: 'provider default',
  },
  // MQ
  {
    rule: 'GW-AWS-308',
    name: 'private',
    spec: res('aws_mq_broker', { publicly_accessible: false }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-308',
    name: 'public',
    spec: res('aws_mq_broker', { publicly_accessible: true }),
    verdict: 'fail',
    says: 'publicly_accessible',
  },
  {
    rule: 'GW-AWS-308',
    name: 'unset',
    spec: res('aws_mq_broker', {}),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-309',
    name: 'general',
    spec: res('aws_mq_broker', { logs: [{ general: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-309',
    name: 'no logs',
    spec: res('aws_mq_broker', { logs: [] }),
    verdict: 'fail',
    says: 'logs.general',
  },
  {
    rule: 'GW-AWS-310',
    name: 'audit',
    spec: res('aws_mq_broker', {
      engine_type: 'ActiveMQ',
      logs: [{ audit: true }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-310',
    name: 'no audit',
    spec: res('aws_mq_broker', {
      engine_type: 'ActiveMQ',
      logs: [{ audit: false }],
    }),
    verdict: 'fail',
    says: 'logs.audit',
  },
  {
    rule: 'GW-AWS-310',
    name: 'rabbit',
    spec: res('aws_mq_broker', { engine_type: 'RabbitMQ', logs: [] }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-311',
    name: 'auto upgrade',
    spec: res('aws_mq_broker', { auto_minor_version_upgrade: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-311',
    name: 'unset',
    spec: res('aws_mq_broker', {}),
    verdict: 'fail',
    says: 'auto_minor_version_upgrade',
  },
  {
    rule: 'GW-AWS-312',
    name: 'CMK',
    spec: res('aws_mq_broker', {
      encryption_options: [{ use_aws_owned_key: false, kms_key_id: 'arn' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-312',
    name: 'AWS owned',
    spec: res('aws_mq_broker', { encryption_options: [] }),
    verdict: 'fail',
    says: 'use_aws_owned_key',
  },
  {
    rule: 'GW-AWS-324',
    name: 'ActiveMQ 5.18',
    spec: res('aws_mq_broker', {
      engine_type: 'ActiveMQ',
      engine_version: '5.18',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-324',
    name: 'RabbitMQ 3.13',
    spec: res('aws_mq_broker', {
      engine_type: 'RabbitMQ',
      engine_version: '3.13',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-324',
    name: 'ActiveMQ 5.15.16',
    spec: res('aws_mq_broker', {
      engine_type: 'ActiveMQ',
      engine_version: '5.15.16',
    }),
    verdict: 'fail',
    says: 'engine_version',
  },
  {
    rule: 'GW-AWS-324',
    name: 'RabbitMQ 3.10',
    spec: res('aws_mq_broker', {
      engine_type: 'RabbitMQ',
      engine_version: '3.10.20',
    }),
    verdict: 'fail',
    says: 'engine_version',
  },
  {
    rule: 'GW-AWS-324',
    name: 'hidden version',
    spec: res(
      'aws_mq_broker',
      { engine_type: 'ActiveMQ' },
      {
        unknown: { engine_version: true },
        config: { engine_version: { references: ['var.v'] } },
      },
    ),
    verdict: 'unknown',
  },
  // SQS
  {
    rule: 'GW-AWS-313',
    name: 'SSE-SQS',
    spec: res('aws_sqs_queue', { sqs_managed_sse_enabled: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-313',
    name: 'KMS',
    spec: res('aws_sqs_queue', {
      kms_master_key_id: 'alias/jobs',
      sqs_managed_sse_enabled: false,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-313',
    name: 'off',
    spec: res('aws_sqs_queue', { sqs_managed_sse_enabled: false }),
    verdict: 'fail',
    says: 'sqs_managed_sse_enabled',
  },
  {
    rule: 'GW-AWS-313',
    name: 'computed default',
    spec: res(
      'aws_sqs_queue',
      {},
      { unknown: { sqs_managed_sse_enabled: true } },
    ),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-313',
    name: 'hidden key (a key this apply creates: encrypted)',
    spec: res(
      'aws_sqs_queue',
      { sqs_managed_sse_enabled: false },
      {
        unknown: { kms_master_key_id: true },
        config: { kms_master_key_id: { references: ['aws_kms_key.q.id'] } },
      },
    ),
    verdict: 'pass',
    says: 'kms_master_key_id',
  },
  {
    rule: 'GW-AWS-314',
    name: 'public',
    spec: res('aws_sqs_queue_policy', { policy: policy(publicSend) }),
    verdict: 'fail',
    says: 'Principal "*"',
  },
  {
    rule: 'GW-AWS-314',
    name: 'AWS star on queue',
    spec: res('aws_sqs_queue', {
      policy: policy({ ...publicSend, Principal: { AWS: ['*'] } }),
    }),
    verdict: 'fail',
    says: 'Principal "*"',
  },
  {
    rule: 'GW-AWS-314',
    name: 'conditioned',
    spec: res('aws_sqs_queue_policy', {
      policy: policy({
        ...publicSend,
        Condition: {
          ArnEquals: {
            'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:t',
          },
        },
      }),
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-314',
    name: 'no policy',
    spec: res('aws_sqs_queue', { policy: '' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-314',
    name: 'hidden policy',
    spec: res(
      'aws_sqs_queue_policy',
      {},
      {
        unknown: { policy: true },
        config: {
          policy: { references: ['data.aws_iam_policy_document.q.json'] },
        },
      },
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-314',
    name: 'not JSON',
    spec: res('aws_sqs_queue_policy', { policy: '{oops' }),
    verdict: 'warn',
    says: 'policy',
  },
  {
    rule: 'GW-AWS-315',
    name: 'sqs:*',
    spec: res('aws_sqs_queue_policy', {
      policy: policy({
        ...publicSend,
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'sqs:*',
      }),
    }),
    verdict: 'fail',
    says: 'sqs:*',
  },
  {
    rule: 'GW-AWS-315',
    name: 'star',
    spec: res('aws_sqs_queue_policy', {
      policy: policy({ ...publicSend, Action: ['*'] }),
    }),
    verdict: 'fail',
    says: 'Action',
  },
  {
    rule: 'GW-AWS-315',
    name: 'specific',
    spec: res('aws_sqs_queue_policy', {
      policy: policy({
        ...publicSend,
        Action: ['sqs:SendMessage', 'sqs:Receive*'],
      }),
    }),
    verdict: 'pass',
  },
  // Athena and Glue
  {
    rule: 'GW-AWS-316',
    name: 'SSE_KMS',
    spec: res('aws_athena_workgroup', {
      configuration: [
        {
          result_configuration: [
            { encryption_configuration: [{ encryption_option: 'SSE_KMS' }] },
          ],
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-316',
    name: 'none',
    spec: res('aws_athena_workgroup', {
      configuration: [
        { result_configuration: [{ output_location: 's3://x/' }] },
      ],
    }),
    verdict: 'fail',
    says: 'encryption_configuration',
  },
  {
    rule: 'GW-AWS-317',
    name: 'enforced',
    spec: res('aws_athena_workgroup', {
      configuration: [{ enforce_workgroup_configuration: true }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-317',
    name: 'not enforced',
    spec: res('aws_athena_workgroup', {
      configuration: [{ enforce_workgroup_configuration: false }],
    }),
    verdict: 'fail',
    says: 'enforce_workgroup_configuration',
  },
  {
    rule: 'GW-AWS-317',
    name: 'no configuration',
    spec: res('aws_athena_workgroup', { configuration: [] }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-318',
    name: 'both',
    spec: res('aws_glue_data_catalog_encryption_settings', {
      data_catalog_encryption_settings: [
        {
          encryption_at_rest: [{ catalog_encryption_mode: 'SSE-KMS' }],
          connection_password_encryption: [
            { return_connection_password_encrypted: true },
          ],
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-318',
    name: 'catalog off',
    spec: res('aws_glue_data_catalog_encryption_settings', {
      data_catalog_encryption_settings: [
        {
          encryption_at_rest: [{ catalog_encryption_mode: 'DISABLED' }],
          connection_password_encryption: [
            { return_connection_password_encrypted: true },
          ],
        },
      ],
    }),
    verdict: 'fail',
    says: 'catalog_encryption_mode',
  },
  {
    rule: 'GW-AWS-318',
    name: 'passwords plain',
    spec: res('aws_glue_data_catalog_encryption_settings', {
      data_catalog_encryption_settings: [
        {
          encryption_at_rest: [{ catalog_encryption_mode: 'SSE-KMS' }],
          connection_password_encryption: [
            { return_connection_password_encrypted: false },
          ],
        },
      ],
    }),
    verdict: 'fail',
    says: 'return_connection_password_encrypted',
  },
  // SageMaker
  {
    rule: 'GW-AWS-319',
    name: 'disabled',
    spec: res('aws_sagemaker_notebook_instance', {
      direct_internet_access: 'Disabled',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-319',
    name: 'default',
    spec: res('aws_sagemaker_notebook_instance', {}),
    verdict: 'fail',
    says: 'direct_internet_access',
  },
  {
    rule: 'GW-AWS-320',
    name: 'key',
    spec: res('aws_sagemaker_notebook_instance', { kms_key_id: 'arn' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-320',
    name: 'no key',
    spec: res('aws_sagemaker_notebook_instance', {}),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-321',
    name: 'subnet',
    spec: res('aws_sagemaker_notebook_instance', { subnet_id: 'subnet-1' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-321',
    name: 'no subnet',
    spec: res('aws_sagemaker_notebook_instance', { subnet_id: null }),
    verdict: 'fail',
    says: 'subnet_id',
  },
  {
    rule: 'GW-AWS-321',
    name: 'subnet of new resource (set, known only after apply)',
    spec: res(
      'aws_sagemaker_notebook_instance',
      {},
      {
        unknown: { subnet_id: true },
        config: { subnet_id: { references: ['aws_subnet.a.id'] } },
      },
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-322',
    name: 'no root',
    spec: res('aws_sagemaker_notebook_instance', { root_access: 'Disabled' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-322',
    name: 'root',
    spec: res('aws_sagemaker_notebook_instance', { root_access: 'Enabled' }),
    verdict: 'fail',
    says: 'root_access',
  },
  {
    rule: 'GW-AWS-323',
    name: 'v2',
    spec: res('aws_sagemaker_notebook_instance', {
      instance_metadata_service_configuration: [
        { minimum_instance_metadata_service_version: '2' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-323',
    name: 'v1',
    spec: res('aws_sagemaker_notebook_instance', {
      instance_metadata_service_configuration: [
        { minimum_instance_metadata_service_version: '1' },
      ],
    }),
    verdict: 'fail',
    says: 'minimum_instance_metadata_service_version',
  },
  {
    rule: 'GW-AWS-323',
    name: 'computed',
    spec: res(
      'aws_sagemaker_notebook_instance',
      {},
      { unknown: { instance_metadata_service_configuration: true } },
    ),
    verdict: 'fail',
    says: 'provider default',
  },
  // AppSync
  {
    rule: 'GW-AWS-325',
    name: 'log config',
    spec: res('aws_appsync_graphql_api', {
      log_config: [
        { cloudwatch_logs_role_arn: 'arn', field_log_level: 'ERROR' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-325',
    name: 'none',
    spec: res('aws_appsync_graphql_api', { log_config: [] }),
    verdict: 'fail',
    says: 'log_config',
  },
  {
    rule: 'GW-AWS-326',
    name: 'ERROR',
    spec: res('aws_appsync_graphql_api', {
      log_config: [{ field_log_level: 'ERROR' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-326',
    name: 'NONE',
    spec: res('aws_appsync_graphql_api', {
      log_config: [{ field_log_level: 'NONE' }],
    }),
    verdict: 'fail',
    says: 'field_log_level',
  },
  // Transfer
  {
    rule: 'GW-AWS-327',
    name: 'VPC',
    spec: res('aws_transfer_server', { endpoint_type: 'VPC' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-327',
    name: 'default',
    spec: res('aws_transfer_server', {}),
    verdict: 'fail',
    says: 'endpoint_type',
  },
  {
    rule: 'GW-AWS-328',
    name: 'SFTP',
    spec: res('aws_transfer_server', { protocols: ['SFTP', 'FTPS'] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-328',
    name: 'FTP',
    spec: res('aws_transfer_server', { protocols: ['SFTP', 'FTP'] }),
    verdict: 'fail',
    says: 'FTP',
  },
  {
    rule: 'GW-AWS-328',
    name: 'computed',
    spec: res('aws_transfer_server', {}, { unknown: { protocols: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-329',
    name: '2024-01',
    spec: res('aws_transfer_server', {
      security_policy_name: 'TransferSecurityPolicy-2024-01',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-329',
    name: 'FIPS 2024',
    spec: res('aws_transfer_server', {
      security_policy_name: 'TransferSecurityPolicy-FIPS-2024-01',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-329',
    name: '2020-06',
    spec: res('aws_transfer_server', {
      security_policy_name: 'TransferSecurityPolicy-2020-06',
    }),
    verdict: 'fail',
    says: 'security_policy_name',
  },
  {
    rule: 'GW-AWS-329',
    name: 'default',
    spec: res('aws_transfer_server', {}),
    verdict: 'fail',
    says: 'provider default',
  },
];

function finding(spec: ResourceSpec, ruleId: string, environment = 'prod') {
  const f = evaluatePlan(planOf([spec]), { environment }).findings.find(
    x => x.ruleId === ruleId && x.address === addressOf(spec),
  );
  if (!f) throw new Error(`no ${ruleId} finding for ${addressOf(spec)}`);
  return f;
}

describe('streams and analytics rules', () => {
  it.each(CASES.map(c => [`${c.rule} ${c.name}`, c] as const))('%s', (_, c) => {
    const f = finding(c.spec, c.rule);
    expect(f.verdict).toBe(c.verdict);
    expect(f.message).toContain(c.says ?? '');
  });

  it('tests every rule of the folder with a pass and a fail', () => {
    for (const rule of AWS_STREAMS_ANALYTICS_RULES) {
      const verdicts = CASES.filter(c => c.rule === rule.id).map(
        c => c.verdict,
      );
      expect([rule.id, verdicts.includes('pass')]).toEqual([rule.id, true]);
      expect([rule.id, verdicts.includes('fail')]).toEqual([rule.id, true]);
    }
  });

  it('gives every rule a catalogued Checkov id, a rationale and a snippet for its type', () => {
    const ids = new Set(CHECKOV.checks.map(c => c.id));
    for (const rule of AWS_STREAMS_ANALYTICS_RULES) {
      expect(rule.id).toMatch(/^GW-AWS-3[0-4]\d$/);
      expect(rule.references.checkov.length).toBeGreaterThan(0);
      expect(rule.references.checkov.filter(id => !ids.has(id))).toEqual([]);
      expect(rule.rationale.trim()).not.toBe('');
      expect(
        rule.resourceTypes.some(t =>
          rule.remediation.terraform.includes(`"${t}"`),
        ),
      ).toBe(true);
    }
  });
});
