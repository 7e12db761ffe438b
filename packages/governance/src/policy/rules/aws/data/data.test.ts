import {
  addressOf,
  planOf,
  type ResourceSpec,
} from '../../../../__testUtils__/plans';
import type { JsonObject } from '../../../../plan/types';
import { CHECKOV } from '../../../checkov/catalogue';
import { evaluatePlan } from '../../../evaluate';
import type { Verdict } from '../../../types';
import { AWS_DATA_RULES } from './index';

interface Case {
  rule: string;
  /** What the case shows, for the test name. */
  name: string;
  spec: ResourceSpec;
  /** Other resources of the plan (linked resources). */
  others?: ResourceSpec[];
  env?: string;
  verdict: Verdict;
  /** Text the message must contain (the attribute it names). */
  says?: string;
}

const r = (
  type: string,
  after: JsonObject,
  extra: Partial<ResourceSpec> = {},
): ResourceSpec => ({ type, after, ...extra });

/** A value the configuration writes but the plan only knows after apply. */
const hidden = (
  type: string,
  after: JsonObject,
  attr: string,
  config: JsonObject = { [attr]: { references: ['var.x'] } },
): ResourceSpec => ({
  type,
  after,
  unknown: { [attr]: true },
  config,
});

/** A computed value the configuration leaves out: the provider default applies. */
const computed = (type: string, after: JsonObject, attr: string) => ({
  type,
  after,
  unknown: { [attr]: true },
  config: {},
});

const policy = (...statements: JsonObject[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const anyoneRead = {
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
};
const tlsDeny = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::b/*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

const PAB = 'aws_s3_bucket_public_access_block';
const PAB_ON = {
  block_public_acls: true,
  block_public_policy: true,
  ignore_public_acls: true,
  restrict_public_buckets: true,
};
const KEY_REF = { kms_key_id: { references: ['aws_kms_key.data.arn'] } };

const CASES: Case[] = [
  // S3 public access block flags, one rule per flag.
  ...(
    [
      ['GW-AWS-201', 'block_public_acls'],
      ['GW-AWS-202', 'block_public_policy'],
      ['GW-AWS-203', 'ignore_public_acls'],
      ['GW-AWS-204', 'restrict_public_buckets'],
    ] as const
  ).flatMap(([rule, flag]): Case[] => [
    { rule, name: 'all flags on', spec: r(PAB, PAB_ON), verdict: 'pass' },
    {
      rule,
      name: `${flag} false`,
      spec: r(PAB, { ...PAB_ON, [flag]: false }),
      verdict: 'fail',
      says: flag,
    },
    {
      rule,
      name: `${flag} unset (defaults to false)`,
      spec: computed(PAB, { ...PAB_ON, [flag]: null }, flag),
      verdict: 'fail',
      says: 'provider default',
    },
    {
      rule,
      name: `${flag} from a variable`,
      spec: hidden(PAB, { ...PAB_ON, [flag]: null }, flag),
      verdict: 'unknown',
      says: flag,
    },
  ]),
  // S3 bucket policies.
  {
    rule: 'GW-AWS-205',
    name: 'Principal * without condition',
    spec: r('aws_s3_bucket_policy', { policy: policy(anyoneRead) }),
    verdict: 'fail',
    says: 'Principal "*"',
  },
  {
    rule: 'GW-AWS-205',
    name: 'Principal {AWS: *} on the inline bucket policy',
    spec: r('aws_s3_bucket', {
      policy: policy({ ...anyoneRead, Principal: { AWS: ['*'] } }),
    }),
    verdict: 'fail',
  },
  {
    rule: 'GW-AWS-205',
    name: 'Principal * narrowed to the organisation',
    spec: r('aws_s3_bucket_policy', {
      policy: policy({
        ...anyoneRead,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      }),
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-205',
    name: 'Principal * in a Deny statement',
    spec: r('aws_s3_bucket_policy', { policy: policy(tlsDeny) }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-205',
    name: 'policy built from the bucket ARN',
    spec: hidden('aws_s3_bucket_policy', { policy: null }, 'policy'),
    verdict: 'unknown',
    says: 'policy',
  },
  {
    rule: 'GW-AWS-205',
    name: 'bucket without inline policy',
    spec: computed('aws_s3_bucket', { policy: null }, 'policy'),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-206',
    name: 'Deny s3:* to everyone without a condition',
    spec: r('aws_s3_bucket_policy', {
      policy: policy({ ...tlsDeny, Condition: undefined as never }),
    }),
    verdict: 'fail',
    says: 'only the root user',
  },
  {
    rule: 'GW-AWS-206',
    name: 'Deny s3:PutBucketPolicy to {AWS: *}',
    spec: r('aws_s3_bucket', {
      policy: policy({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['s3:PutBucketPolicy'],
        Resource: 'arn:aws:s3:::b',
      }),
    }),
    verdict: 'fail',
  },
  {
    rule: 'GW-AWS-206',
    name: 'conditional Deny',
    spec: r('aws_s3_bucket_policy', { policy: policy(tlsDeny) }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-206',
    name: 'policy that is not JSON',
    spec: r('aws_s3_bucket_policy', { policy: '{not json' }),
    verdict: 'unknown',
    says: 'policy',
  },
  {
    rule: 'GW-AWS-207',
    name: 'TLS-only Deny',
    spec: r('aws_s3_bucket_policy', { policy: policy(anyoneRead, tlsDeny) }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-207',
    name: 'no TLS Deny',
    spec: r('aws_s3_bucket_policy', { policy: policy(anyoneRead) }),
    verdict: 'fail',
    says: 'aws:SecureTransport',
  },
  {
    rule: 'GW-AWS-208',
    name: 'public-read ACL',
    spec: r('aws_s3_bucket_acl', { acl: 'public-read' }),
    verdict: 'fail',
    says: 'acl',
  },
  {
    rule: 'GW-AWS-208',
    name: 'grant to AllUsers',
    spec: r('aws_s3_bucket_acl', {
      acl: null,
      access_control_policy: [
        {
          grant: [
            {
              permission: 'READ',
              grantee: [
                {
                  type: 'Group',
                  uri: 'http://acs.amazonaws.com/groups/global/AllUsers',
                },
              ],
            },
          ],
          owner: [{ id: 'x' }],
        },
      ],
    }),
    verdict: 'fail',
    says: 'access_control_policy',
  },
  {
    rule: 'GW-AWS-208',
    name: 'private ACL',
    spec: r('aws_s3_bucket_acl', { acl: 'private' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-208',
    name: 'ACL from a variable',
    spec: hidden('aws_s3_bucket_acl', { acl: null }, 'acl'),
    verdict: 'unknown',
    says: 'acl',
  },
  {
    rule: 'GW-AWS-209',
    name: 'enabled abort rule',
    spec: r('aws_s3_bucket_lifecycle_configuration', {
      rule: [
        {
          id: 'abort',
          status: 'Enabled',
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-209',
    name: 'abort rule disabled',
    spec: r('aws_s3_bucket_lifecycle_configuration', {
      rule: [
        {
          id: 'abort',
          status: 'Disabled',
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
        { id: 'expire', status: 'Enabled', expiration: [{ days: 30 }] },
      ],
    }),
    verdict: 'fail',
    says: 'abort_incomplete_multipart_upload',
  },
  {
    rule: 'GW-AWS-210',
    name: 'object with a CMK reference',
    spec: {
      ...hidden('aws_s3_bucket_object', { kms_key_id: null }, 'kms_key_id'),
      config: KEY_REF,
    },
    verdict: 'pass',
    says: 'aws_kms_key.data',
  },
  {
    rule: 'GW-AWS-210',
    name: 'object without a key',
    spec: r('aws_s3_bucket_object', { kms_key_id: null }),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-210',
    name: 'object with the AWS-managed alias',
    spec: r('aws_s3_bucket_object', {
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/s3',
    }),
    verdict: 'fail',
    says: 'AWS-managed alias',
  },
  {
    rule: 'GW-AWS-210',
    name: 'key from a variable',
    spec: hidden('aws_s3_bucket_object', { kms_key_id: null }, 'kms_key_id'),
    verdict: 'unknown',
    says: 'kms_key_id',
  },

  // RDS.
  {
    rule: 'GW-AWS-211',
    name: 'encrypted cluster snapshot',
    spec: r('aws_db_cluster_snapshot', { storage_encrypted: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-211',
    name: 'unencrypted cluster snapshot',
    spec: r('aws_db_cluster_snapshot', { storage_encrypted: false }),
    verdict: 'fail',
    says: 'storage_encrypted',
  },
  {
    rule: 'GW-AWS-211',
    name: 'new snapshot: encryption comes from the cluster',
    spec: computed('aws_db_cluster_snapshot', {}, 'storage_encrypted'),
    verdict: 'unknown',
    says: 'storage_encrypted',
  },
  {
    rule: 'GW-AWS-212',
    name: 'shared with all',
    spec: r('aws_db_snapshot', { shared_accounts: ['all'] }),
    verdict: 'fail',
    says: 'shared_accounts',
  },
  {
    rule: 'GW-AWS-212',
    name: 'shared with one account',
    spec: r('aws_db_snapshot', { shared_accounts: ['123456789012'] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-212',
    name: 'not shared',
    spec: computed('aws_db_snapshot', {}, 'shared_accounts'),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-213',
    name: 'monitoring every 30 s',
    spec: r('aws_db_instance', { engine: 'postgres', monitoring_interval: 30 }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-213',
    name: 'monitoring off',
    spec: r('aws_rds_cluster_instance', { monitoring_interval: 0 }),
    verdict: 'fail',
    says: 'monitoring_interval',
  },
  {
    rule: 'GW-AWS-213',
    name: 'monitoring_interval unset',
    spec: computed(
      'aws_db_instance',
      { engine: 'mysql' },
      'monitoring_interval',
    ),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-214',
    name: 'postgres logs exported',
    spec: r('aws_db_instance', {
      engine: 'postgres',
      enabled_cloudwatch_logs_exports: ['postgresql'],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-214',
    name: 'cluster without exports',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-postgresql',
      enabled_cloudwatch_logs_exports: null,
    }),
    verdict: 'fail',
    says: 'enabled_cloudwatch_logs_exports',
  },
  {
    rule: 'GW-AWS-214',
    name: 'Aurora instance (cluster carries it)',
    spec: r('aws_db_instance', { engine: 'aurora-mysql' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-214',
    name: 'exports from a variable',
    spec: hidden(
      'aws_rds_cluster',
      { engine: 'aurora-mysql' },
      'enabled_cloudwatch_logs_exports',
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-215',
    name: 'IAM auth on',
    spec: r('aws_rds_cluster', { iam_database_authentication_enabled: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-215',
    name: 'IAM auth off',
    spec: r('aws_db_instance', {
      engine: 'postgres',
      iam_database_authentication_enabled: false,
    }),
    verdict: 'fail',
    says: 'iam_database_authentication_enabled',
  },
  {
    rule: 'GW-AWS-216',
    name: 'rds-ca-2019',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      ca_cert_identifier: 'rds-ca-2019',
    }),
    verdict: 'fail',
    says: 'ca_cert_identifier is rds-ca-2019',
  },
  {
    rule: 'GW-AWS-216',
    name: 'rds-ca-rsa4096-g1',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      ca_cert_identifier: 'rds-ca-rsa4096-g1',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-216',
    name: 'unset: current default CA',
    spec: computed(
      'aws_db_instance',
      { engine: 'mysql' },
      'ca_cert_identifier',
    ),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-217',
    name: 'minor upgrades off',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      auto_minor_version_upgrade: false,
    }),
    verdict: 'fail',
    says: 'auto_minor_version_upgrade',
  },
  {
    rule: 'GW-AWS-217',
    name: 'minor upgrades by default',
    spec: computed(
      'aws_rds_cluster_instance',
      {},
      'auto_minor_version_upgrade',
    ),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres 12.5 (vulnerable)',
    spec: r('aws_db_instance', { engine: 'postgres', engine_version: '12.5' }),
    verdict: 'fail',
    says: 'engine_version 12.5',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres 9.6.21 (vulnerable)',
    spec: r('aws_db_instance', {
      engine: 'postgres',
      engine_version: '9.6.21',
    }),
    verdict: 'fail',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres 9.6.22 (fixed)',
    spec: r('aws_db_instance', {
      engine: 'postgres',
      engine_version: '9.6.22',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres 16.4',
    spec: r('aws_db_instance', { engine: 'postgres', engine_version: '16.4' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-218',
    name: 'aurora-postgresql 11.8 (vulnerable)',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-postgresql',
      engine_version: '11.8',
    }),
    verdict: 'fail',
  },
  {
    rule: 'GW-AWS-218',
    name: 'mysql is not concerned',
    spec: r('aws_db_instance', { engine: 'mysql', engine_version: '8.0.35' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-218',
    name: 'engine_version left to RDS',
    spec: r('aws_db_instance', { engine: 'postgres', engine_version: null }),
    verdict: 'unknown',
    says: 'engine_version',
  },
  {
    rule: 'GW-AWS-218',
    name: 'mysql without a pinned version is not concerned',
    spec: r('aws_db_instance', { engine: 'mysql', engine_version: null }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres "12" (RDS picks the minor)',
    spec: r('aws_db_instance', { engine: 'postgres', engine_version: '12' }),
    verdict: 'unknown',
    says: 'engine_version 12',
  },
  {
    rule: 'GW-AWS-218',
    name: 'postgres "16" (major never affected)',
    spec: r('aws_db_instance', { engine: 'postgres', engine_version: '16' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-216',
    name: 'Aurora instance on rds-ca-2019',
    spec: r('aws_db_instance', {
      engine: 'aurora-postgresql',
      ca_cert_identifier: 'rds-ca-2019',
    }),
    verdict: 'fail',
    says: 'ca_cert_identifier',
  },
  {
    rule: 'GW-AWS-219',
    name: 'Performance Insights on',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      performance_insights_enabled: true,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-219',
    name: 'Performance Insights unset',
    spec: computed(
      'aws_rds_cluster_instance',
      {},
      'performance_insights_enabled',
    ),
    verdict: 'fail',
    says: 'performance_insights_enabled',
  },
  {
    rule: 'GW-AWS-220',
    name: 'Performance Insights with the AWS key',
    spec: computed(
      'aws_db_instance',
      { engine: 'mysql', performance_insights_enabled: true },
      'performance_insights_kms_key_id',
    ),
    verdict: 'fail',
    says: 'performance_insights_kms_key_id',
  },
  {
    rule: 'GW-AWS-220',
    name: 'Performance Insights with a CMK',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      performance_insights_enabled: true,
      performance_insights_kms_key_id:
        'arn:aws:kms:eu-west-1:123456789012:key/1234',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-220',
    name: 'Performance Insights off',
    spec: r('aws_db_instance', {
      engine: 'mysql',
      performance_insights_enabled: false,
    }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-221',
    name: 'aurora-postgresql 10.12',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-postgresql',
      engine_version: '10.12',
    }),
    verdict: 'fail',
    says: 'engine_version 10.12',
  },
  {
    rule: 'GW-AWS-221',
    name: 'aurora-postgresql 11.9',
    spec: r('aws_db_instance', {
      engine: 'aurora-postgresql',
      engine_version: '11.9',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-221',
    name: 'version from a variable',
    spec: hidden(
      'aws_rds_cluster',
      { engine: 'aurora-postgresql' },
      'engine_version',
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-222',
    name: 'tags copied',
    spec: r('aws_rds_cluster', { copy_tags_to_snapshot: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-222',
    name: 'tags not copied',
    spec: r('aws_rds_cluster', { copy_tags_to_snapshot: false }),
    verdict: 'fail',
    says: 'copy_tags_to_snapshot',
  },
  {
    rule: 'GW-AWS-223',
    name: 'aurora-mysql with audit export',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-mysql',
      enabled_cloudwatch_logs_exports: ['audit', 'error'],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-223',
    name: 'aurora-mysql without audit export',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-mysql',
      enabled_cloudwatch_logs_exports: ['error'],
    }),
    verdict: 'fail',
    says: 'audit',
  },
  {
    rule: 'GW-AWS-223',
    name: 'aurora-postgresql has no MySQL audit log',
    spec: r('aws_rds_cluster', { engine: 'aurora-postgresql' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-224',
    name: 'backtracking on',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-mysql',
      backtrack_window: 86400,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-224',
    name: 'backtracking unset in prod',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-mysql',
      backtrack_window: null,
    }),
    verdict: 'fail',
    says: 'backtrack_window',
  },
  {
    rule: 'GW-AWS-224',
    name: 'backtracking unset in dev',
    spec: r('aws_rds_cluster', {
      engine: 'aurora-mysql',
      backtrack_window: null,
    }),
    env: 'dev',
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-225',
    name: 'cluster with AWS-managed key',
    spec: computed('aws_rds_cluster', { engine: 'aurora-mysql' }, 'kms_key_id'),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-225',
    name: 'cluster with a CMK reference',
    spec: {
      ...hidden('aws_rds_cluster', { engine: 'aurora-mysql' }, 'kms_key_id'),
      config: KEY_REF,
    },
    verdict: 'pass',
  },

  // DynamoDB and DAX.
  {
    rule: 'GW-AWS-226',
    name: 'table with a CMK',
    spec: r('aws_dynamodb_table', {
      server_side_encryption: [
        {
          enabled: true,
          kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-226',
    name: 'table with the AWS-owned key',
    spec: r('aws_dynamodb_table', { server_side_encryption: [] }),
    verdict: 'fail',
    says: 'server_side_encryption',
  },
  {
    rule: 'GW-AWS-226',
    name: 'SSE on with the AWS-managed key (computed)',
    spec: {
      type: 'aws_dynamodb_table',
      after: { server_side_encryption: [{ enabled: true }] },
      unknown: { server_side_encryption: [{ kms_key_arn: true }] },
      config: {
        server_side_encryption: [{ enabled: { constant_value: true } }],
      },
    },
    verdict: 'fail',
    says: 'server_side_encryption.kms_key_arn',
  },
  {
    rule: 'GW-AWS-226',
    name: 'SSE on with a CMK reference',
    spec: {
      type: 'aws_dynamodb_table',
      after: { server_side_encryption: [{ enabled: true }] },
      unknown: { server_side_encryption: [{ kms_key_arn: true }] },
      config: {
        server_side_encryption: [
          {
            enabled: { constant_value: true },
            kms_key_arn: {
              references: ['aws_kms_key.ddb.arn', 'aws_kms_key.ddb'],
            },
          },
        ],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-227',
    name: 'DAX encrypted',
    spec: r('aws_dax_cluster', { server_side_encryption: [{ enabled: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-227',
    name: 'DAX without encryption block',
    spec: r('aws_dax_cluster', { server_side_encryption: [] }),
    verdict: 'fail',
    says: 'server_side_encryption.enabled',
  },
  {
    rule: 'GW-AWS-228',
    name: 'DAX TLS',
    spec: r('aws_dax_cluster', { cluster_endpoint_encryption_type: 'TLS' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-228',
    name: 'DAX plain text',
    spec: r('aws_dax_cluster', { cluster_endpoint_encryption_type: 'NONE' }),
    verdict: 'fail',
    says: 'cluster_endpoint_encryption_type',
  },
  {
    rule: 'GW-AWS-228',
    name: 'DAX endpoint type unset',
    spec: computed('aws_dax_cluster', {}, 'cluster_endpoint_encryption_type'),
    verdict: 'fail',
    says: 'provider default',
  },

  // ElastiCache and MemoryDB.
  {
    rule: 'GW-AWS-229',
    name: 'redis with 7 days of snapshots',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      snapshot_retention_limit: 7,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-229',
    name: 'redis without snapshots',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      snapshot_retention_limit: 0,
    }),
    verdict: 'fail',
    says: 'snapshot_retention_limit',
  },
  {
    rule: 'GW-AWS-229',
    name: 'memcached',
    spec: r('aws_elasticache_cluster', { engine: 'memcached' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-229',
    name: 'member of a replication group',
    spec: r('aws_elasticache_cluster', { replication_group_id: 'rg' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-229',
    name: 'redis without snapshots in dev',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      snapshot_retention_limit: 0,
    }),
    env: 'dev',
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-230',
    name: 'minor upgrades "false" (string attribute)',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      auto_minor_version_upgrade: 'false',
    }),
    verdict: 'fail',
    says: 'auto_minor_version_upgrade',
  },
  {
    rule: 'GW-AWS-230',
    name: 'minor upgrades "true"',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      auto_minor_version_upgrade: 'true',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-231',
    name: 'named subnet group',
    spec: r('aws_elasticache_cluster', {
      engine: 'redis',
      subnet_group_name: 'private',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-231',
    name: 'default subnet group',
    spec: computed(
      'aws_elasticache_cluster',
      { engine: 'redis' },
      'subnet_group_name',
    ),
    verdict: 'fail',
    says: 'subnet_group_name',
  },
  {
    rule: 'GW-AWS-231',
    name: 'subnet group created in the same apply',
    spec: hidden(
      'aws_elasticache_cluster',
      { engine: 'redis' },
      'subnet_group_name',
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-232',
    name: 'replication group with a CMK',
    spec: r('aws_elasticache_replication_group', {
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-232',
    name: 'replication group without a key',
    spec: r('aws_elasticache_replication_group', { kms_key_id: null }),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-233',
    name: 'TLS with an auth token from a secret',
    spec: hidden(
      'aws_elasticache_replication_group',
      { transit_encryption_enabled: true },
      'auth_token',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-233',
    name: 'TLS with an RBAC user group',
    spec: r('aws_elasticache_replication_group', {
      transit_encryption_enabled: true,
      user_group_ids: ['app'],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-233',
    name: 'TLS without authentication',
    spec: r('aws_elasticache_replication_group', {
      transit_encryption_enabled: true,
      auth_token: null,
      user_group_ids: [],
    }),
    verdict: 'fail',
    says: 'auth_token',
  },
  {
    rule: 'GW-AWS-233',
    name: 'no TLS',
    spec: r('aws_elasticache_replication_group', {
      transit_encryption_enabled: false,
      user_group_ids: ['app'],
    }),
    verdict: 'fail',
    says: 'transit_encryption_enabled',
  },
  {
    rule: 'GW-AWS-234',
    name: 'MemoryDB with the AWS key',
    spec: computed('aws_memorydb_cluster', {}, 'kms_key_arn'),
    verdict: 'fail',
    says: 'kms_key_arn',
  },
  {
    rule: 'GW-AWS-234',
    name: 'MemoryDB with a CMK',
    spec: r('aws_memorydb_cluster', {
      kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-235',
    name: 'MemoryDB TLS off',
    spec: r('aws_memorydb_cluster', { tls_enabled: false }),
    verdict: 'fail',
    says: 'tls_enabled',
  },
  {
    rule: 'GW-AWS-235',
    name: 'MemoryDB TLS by default',
    spec: computed('aws_memorydb_cluster', {}, 'tls_enabled'),
    verdict: 'pass',
    says: 'provider default',
  },

  // DocumentDB and Neptune.
  ...(
    [
      ['GW-AWS-236', 'aws_docdb_cluster'],
      ['GW-AWS-240', 'aws_neptune_cluster'],
    ] as const
  ).flatMap(([rule, type]): Case[] => [
    {
      rule,
      name: `${type} encrypted`,
      spec: r(type, { storage_encrypted: true }),
      verdict: 'pass',
    },
    {
      rule,
      name: `${type} unencrypted by default`,
      spec: computed(type, {}, 'storage_encrypted'),
      verdict: 'fail',
      says: 'storage_encrypted',
    },
  ]),
  {
    rule: 'GW-AWS-237',
    name: 'DocumentDB with the AWS key',
    spec: computed('aws_docdb_cluster', {}, 'kms_key_id'),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-241',
    name: 'Neptune with a CMK',
    spec: r('aws_neptune_cluster', {
      kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  ...(
    [
      ['GW-AWS-238', 'aws_docdb_cluster'],
      ['GW-AWS-243', 'aws_neptune_cluster'],
    ] as const
  ).flatMap(([rule, type]): Case[] => [
    {
      rule,
      name: `${type} 14 days`,
      spec: r(type, { backup_retention_period: 14 }),
      verdict: 'pass',
    },
    {
      rule,
      name: `${type} 3 days`,
      spec: r(type, { backup_retention_period: 3 }),
      verdict: 'fail',
      says: 'backup_retention_period is 3',
    },
    {
      rule,
      name: `${type} default of 1 day`,
      spec: computed(type, {}, 'backup_retention_period'),
      verdict: 'fail',
      says: 'provider default',
    },
    {
      rule,
      name: `${type} 3 days in dev`,
      spec: r(type, { backup_retention_period: 3 }),
      env: 'dev',
      verdict: 'not-applicable',
    },
  ]),
  {
    rule: 'GW-AWS-239',
    name: 'DocumentDB exports audit',
    spec: r('aws_docdb_cluster', {
      enabled_cloudwatch_logs_exports: ['audit'],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-239',
    name: 'DocumentDB exports nothing',
    spec: r('aws_docdb_cluster', { enabled_cloudwatch_logs_exports: [] }),
    verdict: 'fail',
    says: 'enabled_cloudwatch_logs_exports',
  },
  {
    rule: 'GW-AWS-242',
    name: 'Neptune IAM auth on',
    spec: r('aws_neptune_cluster', {
      iam_database_authentication_enabled: true,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-242',
    name: 'Neptune IAM auth off',
    spec: r('aws_neptune_cluster', {
      iam_database_authentication_enabled: false,
    }),
    verdict: 'fail',
    says: 'iam_database_authentication_enabled',
  },
  {
    rule: 'GW-AWS-244',
    name: 'Neptune copies tags',
    spec: r('aws_neptune_cluster', { copy_tags_to_snapshot: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-244',
    name: 'Neptune does not copy tags',
    spec: r('aws_neptune_cluster', { copy_tags_to_snapshot: null }),
    verdict: 'fail',
    says: 'copy_tags_to_snapshot',
  },
  {
    rule: 'GW-AWS-245',
    name: 'Neptune exports audit',
    spec: r('aws_neptune_cluster', {
      enable_cloudwatch_logs_exports: ['audit', 'slowquery'],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-245',
    name: 'Neptune exports slow queries only',
    spec: r('aws_neptune_cluster', {
      enable_cloudwatch_logs_exports: ['slowquery'],
    }),
    verdict: 'fail',
    says: 'enable_cloudwatch_logs_exports',
  },

  // Redshift.
  {
    rule: 'GW-AWS-246',
    name: 'encrypted',
    spec: r('aws_redshift_cluster', { encrypted: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-246',
    name: 'unencrypted',
    spec: r('aws_redshift_cluster', { encrypted: false }),
    verdict: 'fail',
    says: 'encrypted',
  },
  {
    rule: 'GW-AWS-246',
    name: 'default differs by provider version',
    spec: computed('aws_redshift_cluster', {}, 'encrypted'),
    verdict: 'unknown',
    says: 'encrypted is not set',
  },
  {
    rule: 'GW-AWS-247',
    name: 'AWS-managed key',
    spec: computed('aws_redshift_cluster', { encrypted: true }, 'kms_key_id'),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-248',
    name: 'public',
    spec: r('aws_redshift_cluster', { publicly_accessible: true }),
    verdict: 'fail',
    says: 'publicly_accessible',
  },
  {
    rule: 'GW-AWS-248',
    name: 'private',
    spec: r('aws_redshift_cluster', { publicly_accessible: false }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-249',
    name: 'named subnet group',
    spec: r('aws_redshift_cluster', { cluster_subnet_group_name: 'private' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-249',
    name: 'no subnet group',
    spec: computed('aws_redshift_cluster', {}, 'cluster_subnet_group_name'),
    verdict: 'fail',
    says: 'cluster_subnet_group_name',
  },
  {
    rule: 'GW-AWS-250',
    name: 'enhanced VPC routing off',
    spec: r('aws_redshift_cluster', { enhanced_vpc_routing: false }),
    verdict: 'fail',
    says: 'enhanced_vpc_routing',
  },
  {
    rule: 'GW-AWS-250',
    name: 'enhanced VPC routing on',
    spec: r('aws_redshift_cluster', { enhanced_vpc_routing: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-251',
    name: 'snapshots disabled',
    spec: r('aws_redshift_cluster', { automated_snapshot_retention_period: 0 }),
    verdict: 'fail',
    says: 'automated_snapshot_retention_period',
  },
  {
    rule: 'GW-AWS-251',
    name: 'default of one day',
    spec: computed(
      'aws_redshift_cluster',
      {},
      'automated_snapshot_retention_period',
    ),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-251',
    name: 'snapshots disabled in dev',
    spec: r('aws_redshift_cluster', { automated_snapshot_retention_period: 0 }),
    env: 'dev',
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-252',
    name: 'aws_redshift_logging for the cluster',
    spec: r('aws_redshift_cluster', { cluster_identifier: 'wh' }),
    others: [
      r(
        'aws_redshift_logging',
        { cluster_identifier: 'wh', log_destination_type: 'cloudwatch' },
        { name: 'wh' },
      ),
    ],
    verdict: 'pass',
    says: 'aws_redshift_logging.wh',
  },
  {
    rule: 'GW-AWS-252',
    name: 'inline logging block',
    spec: r('aws_redshift_cluster', {
      cluster_identifier: 'wh',
      logging: [{ enable: true, bucket_name: 'logs' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-252',
    name: 'logging for another cluster',
    spec: r('aws_redshift_cluster', { cluster_identifier: 'wh' }),
    others: [
      r('aws_redshift_logging', { cluster_identifier: 'other' }, { name: 'o' }),
    ],
    verdict: 'fail',
    says: 'aws_redshift_logging',
  },
  {
    rule: 'GW-AWS-252',
    name: 'logging whose cluster is known after apply',
    spec: r('aws_redshift_cluster', { cluster_identifier: 'wh' }),
    others: [
      {
        type: 'aws_redshift_logging',
        name: 'h',
        after: {},
        unknown: { cluster_identifier: true },
      },
    ],
    verdict: 'unknown',
    says: 'aws_redshift_logging.h',
  },
  {
    rule: 'GW-AWS-253',
    name: 'database dev by default',
    spec: computed('aws_redshift_cluster', {}, 'database_name'),
    verdict: 'fail',
    says: 'database_name',
  },
  {
    rule: 'GW-AWS-253',
    name: 'own database name',
    spec: r('aws_redshift_cluster', { database_name: 'analytics' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-254',
    name: 'awsuser on a public cluster',
    spec: r('aws_redshift_cluster', {
      master_username: 'awsuser',
      publicly_accessible: true,
    }),
    verdict: 'fail',
    says: 'master_username',
  },
  {
    rule: 'GW-AWS-254',
    name: 'awsuser on a private cluster',
    spec: r('aws_redshift_cluster', {
      master_username: 'awsuser',
      publicly_accessible: false,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-254',
    name: 'own user name on a public cluster',
    spec: r('aws_redshift_cluster', {
      master_username: 'wh_owner',
      publicly_accessible: true,
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-255',
    name: 'upgrades off',
    spec: r('aws_redshift_cluster', { allow_version_upgrade: false }),
    verdict: 'fail',
    says: 'allow_version_upgrade',
  },
  {
    rule: 'GW-AWS-255',
    name: 'upgrades by default',
    spec: computed('aws_redshift_cluster', {}, 'allow_version_upgrade'),
    verdict: 'pass',
  },

  // OpenSearch / Elasticsearch.
  {
    rule: 'GW-AWS-256',
    name: 'encrypted at rest',
    spec: r('aws_opensearch_domain', { encrypt_at_rest: [{ enabled: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-256',
    name: 'not encrypted (legacy resource)',
    spec: r('aws_elasticsearch_domain', {
      encrypt_at_rest: [{ enabled: false }],
    }),
    verdict: 'fail',
    says: 'encrypt_at_rest.enabled',
  },
  {
    rule: 'GW-AWS-257',
    name: 'node-to-node on',
    spec: r('aws_opensearch_domain', {
      node_to_node_encryption: [{ enabled: true }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-257',
    name: 'node-to-node off',
    spec: r('aws_opensearch_domain', { node_to_node_encryption: [] }),
    verdict: 'fail',
    says: 'node_to_node_encryption.enabled',
  },
  {
    rule: 'GW-AWS-258',
    name: 'HTTPS enforced',
    spec: r('aws_opensearch_domain', {
      domain_endpoint_options: [{ enforce_https: true }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-258',
    name: 'HTTP allowed',
    spec: r('aws_opensearch_domain', {
      domain_endpoint_options: [{ enforce_https: false }],
    }),
    verdict: 'fail',
    says: 'enforce_https',
  },
  {
    rule: 'GW-AWS-258',
    name: 'no endpoint options',
    spec: computed('aws_opensearch_domain', {}, 'domain_endpoint_options'),
    verdict: 'fail',
    says: 'domain_endpoint_options',
  },
  {
    rule: 'GW-AWS-259',
    name: 'TLS 1.2 PFS policy',
    spec: r('aws_opensearch_domain', {
      domain_endpoint_options: [
        { tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-259',
    name: 'TLS 1.0 policy',
    spec: r('aws_elasticsearch_domain', {
      domain_endpoint_options: [
        { tls_security_policy: 'Policy-Min-TLS-1-0-2019-07' },
      ],
    }),
    verdict: 'fail',
    says: 'tls_security_policy',
  },
  {
    rule: 'GW-AWS-260',
    name: 'CMK on an encrypted domain',
    spec: r('aws_opensearch_domain', {
      encrypt_at_rest: [
        {
          enabled: true,
          kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-260',
    name: 'encrypted with the AWS key',
    spec: {
      type: 'aws_opensearch_domain',
      after: { encrypt_at_rest: [{ enabled: true }] },
      unknown: { encrypt_at_rest: [{ kms_key_id: true }] },
      config: { encrypt_at_rest: [{ enabled: { constant_value: true } }] },
    },
    verdict: 'fail',
    says: 'encrypt_at_rest.kms_key_id',
  },
  {
    rule: 'GW-AWS-260',
    name: 'unencrypted domain',
    spec: r('aws_opensearch_domain', { encrypt_at_rest: [{ enabled: false }] }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-261',
    name: 'in a VPC',
    spec: r('aws_opensearch_domain', {
      vpc_options: [{ subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-261',
    name: 'public endpoint',
    spec: r('aws_opensearch_domain', { vpc_options: [] }),
    verdict: 'fail',
    says: 'vpc_options',
  },
  {
    rule: 'GW-AWS-262',
    name: 'VPC domain with its own group',
    spec: r('aws_opensearch_domain', {
      vpc_options: [{ subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-262',
    name: 'VPC domain on the default group',
    spec: r('aws_opensearch_domain', {
      vpc_options: [{ subnet_ids: ['subnet-1'], security_group_ids: [] }],
    }),
    verdict: 'fail',
    says: 'security_group_ids',
  },
  {
    rule: 'GW-AWS-262',
    name: 'public domain',
    spec: r('aws_opensearch_domain', { vpc_options: [] }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-263',
    name: 'audit logs published',
    spec: r('aws_opensearch_domain', {
      log_publishing_options: [
        {
          log_type: 'AUDIT_LOGS',
          enabled: true,
          cloudwatch_log_group_arn: 'a',
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-263',
    name: 'audit logs disabled',
    spec: r('aws_opensearch_domain', {
      log_publishing_options: [
        {
          log_type: 'AUDIT_LOGS',
          enabled: false,
          cloudwatch_log_group_arn: 'a',
        },
        { log_type: 'ES_APPLICATION_LOGS', cloudwatch_log_group_arn: 'b' },
      ],
    }),
    verdict: 'fail',
    says: 'AUDIT_LOGS',
  },
  {
    rule: 'GW-AWS-264',
    name: 'application logs published',
    spec: r('aws_elasticsearch_domain', {
      log_publishing_options: [
        { log_type: 'ES_APPLICATION_LOGS', cloudwatch_log_group_arn: 'b' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-264',
    name: 'no logs',
    spec: r('aws_opensearch_domain', { log_publishing_options: [] }),
    verdict: 'fail',
    says: 'log_publishing_options',
  },
  {
    rule: 'GW-AWS-264',
    name: 'logs from a dynamic block',
    spec: hidden('aws_opensearch_domain', {}, 'log_publishing_options'),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-265',
    name: 'three masters with zone awareness',
    spec: r('aws_opensearch_domain', {
      cluster_config: [
        {
          dedicated_master_enabled: true,
          dedicated_master_count: 3,
          zone_awareness_enabled: true,
        },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-265',
    name: 'no dedicated masters',
    spec: r('aws_opensearch_domain', {
      cluster_config: [
        {
          dedicated_master_enabled: false,
          dedicated_master_count: 0,
          zone_awareness_enabled: true,
        },
      ],
    }),
    verdict: 'fail',
    says: 'dedicated_master_count',
  },
  {
    rule: 'GW-AWS-265',
    name: 'no zone awareness in dev',
    spec: r('aws_opensearch_domain', {
      cluster_config: [{ zone_awareness_enabled: false }],
    }),
    env: 'dev',
    verdict: 'not-applicable',
  },

  {
    rule: 'GW-AWS-237',
    name: 'DocumentDB with a CMK reference',
    spec: {
      ...hidden('aws_docdb_cluster', {}, 'kms_key_id'),
      config: KEY_REF,
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-241',
    name: 'Neptune with the AWS-managed alias',
    spec: r('aws_neptune_cluster', { kms_key_arn: 'alias/aws/rds' }),
    verdict: 'fail',
    says: 'AWS-managed alias',
  },
  {
    rule: 'GW-AWS-247',
    name: 'Redshift with a CMK',
    spec: r('aws_redshift_cluster', {
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-269',
    name: 'DMS with a CMK',
    spec: r('aws_dms_replication_instance', {
      kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  // EFS, AWS Backup, DMS.
  {
    rule: 'GW-AWS-266',
    name: 'EFS with a CMK',
    spec: r('aws_efs_file_system', {
      encrypted: true,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-266',
    name: 'EFS with the AWS key',
    spec: computed('aws_efs_file_system', { encrypted: true }, 'kms_key_id'),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-266',
    name: 'unencrypted EFS',
    spec: r('aws_efs_file_system', { encrypted: false }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-267',
    name: 'vault with the AWS key',
    spec: computed('aws_backup_vault', { name: 'main' }, 'kms_key_arn'),
    verdict: 'fail',
    says: 'kms_key_arn',
  },
  {
    rule: 'GW-AWS-267',
    name: 'vault with a CMK reference',
    spec: {
      ...hidden('aws_backup_vault', { name: 'main' }, 'kms_key_arn'),
      config: { kms_key_arn: { references: ['aws_kms_key.backup.arn'] } },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-268',
    name: 'public DMS instance',
    spec: r('aws_dms_replication_instance', { publicly_accessible: true }),
    verdict: 'fail',
    says: 'publicly_accessible',
  },
  {
    rule: 'GW-AWS-268',
    name: 'unset: the provider asks for a private instance',
    spec: computed('aws_dms_replication_instance', {}, 'publicly_accessible'),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-268',
    name: 'private DMS instance',
    spec: r('aws_dms_replication_instance', { publicly_accessible: false }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-269',
    name: 'DMS with the AWS key',
    spec: r('aws_dms_replication_instance', { kms_key_arn: null }),
    verdict: 'fail',
    says: 'kms_key_arn',
  },
  {
    rule: 'GW-AWS-270',
    name: 'DMS minor upgrades off',
    spec: r('aws_dms_replication_instance', {
      auto_minor_version_upgrade: false,
    }),
    verdict: 'fail',
    says: 'auto_minor_version_upgrade',
  },
  {
    rule: 'GW-AWS-270',
    name: 'DMS minor upgrades on',
    spec: r('aws_dms_replication_instance', {
      auto_minor_version_upgrade: true,
    }),
    verdict: 'pass',
  },
];

function judge(c: Case) {
  const plan = planOf([c.spec, ...(c.others ?? [])]);
  const finding = evaluatePlan(plan, {
    environment: c.env ?? 'prod',
  }).findings.find(f => f.ruleId === c.rule && f.address === addressOf(c.spec));
  if (!finding) throw new Error(`no ${c.rule} finding for ${c.name}`);
  return finding;
}

describe('AWS data rules', () => {
  it.each(CASES.map(c => [`${c.rule} ${c.name}`, c] as const))('%s', (_, c) => {
    const finding = judge(c);
    expect(finding.verdict).toBe(c.verdict);
    expect(finding.message).toContain(c.says ?? '');
  });

  it('has a pass and a fail case for every rule of the folder', () => {
    const missing = AWS_DATA_RULES.flatMap(rule =>
      (['pass', 'fail'] as const)
        .filter(v => !CASES.some(c => c.rule === rule.id && c.verdict === v))
        .map(v => `${rule.id} ${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('gives every rule an id in range, a catalogue id, a rationale and a snippet for its type', () => {
    const catalogue = new Set(CHECKOV.checks.map(c => c.id));
    const bad = AWS_DATA_RULES.filter(
      rule =>
        !/^GW-AWS-2\d\d$/.test(rule.id) ||
        rule.references.checkov.length === 0 ||
        !rule.references.checkov.every(id => catalogue.has(id)) ||
        rule.rationale.trim().length < 40 ||
        !rule.resourceTypes.some(t =>
          rule.remediation.terraform.includes(`"${t}"`),
        ),
    ).map(rule => rule.id);
    expect(bad).toEqual([]);
    const ids = AWS_DATA_RULES.map(rule => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
