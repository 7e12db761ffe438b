import {
  addressOf,
  planOf,
  ResourceSpec,
} from '../../../../__testUtils__/plans';
import type { JsonObject } from '../../../../plan/types';
import { CHECKOV } from '../../../checkov/catalogue';
import { evaluatePlan } from '../../../evaluate';
import type { Verdict } from '../../../types';
import { AWS_IDENTITY_AUDIT_RULES } from '.';

interface Case {
  rule: string;
  name: string;
  spec: ResourceSpec;
  verdict: Verdict;
  /** Text the message must contain (the attribute it names). */
  says?: string;
  environment?: string;
}

const res = (
  type: string,
  after: JsonObject,
  extra: Partial<ResourceSpec> = {},
): ResourceSpec => ({
  type,
  after,
  ...extra,
});
const doc = (...Statement: JsonObject[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: JsonObject = {},
) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const iamPolicy = (...statements: JsonObject[]) =>
  res('aws_iam_policy', { policy: doc(...statements) });
const role = (...statements: JsonObject[]) =>
  res('aws_iam_role', { assume_role_policy: doc(...statements) });
const trust = (Principal: JsonObject | string, extra: JsonObject = {}) => ({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal,
  ...extra,
});
const GITHUB = {
  Federated:
    'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
};
const githubSub = (sub: string | string[]) => ({
  StringEquals: {
    'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
  },
  StringLike: { 'token.actions.githubusercontent.com:sub': sub },
});
const PASSWORD_OK = {
  minimum_password_length: 14,
  require_lowercase_characters: true,
  require_numbers: true,
  password_reuse_prevention: 24,
  require_symbols: true,
  require_uppercase_characters: true,
  max_password_age: 90,
};
const hidden = (attr: string, ref: string): Partial<ResourceSpec> => ({
  unknown: { [attr]: true },
  config: { [attr]: { references: [ref] } },
});

const CASES: Case[] = [
  // CloudTrail, CloudWatch, GuardDuty
  {
    rule: 'GW-AWS-350',
    name: 'topic',
    spec: res('aws_cloudtrail', { sns_topic_name: 'trail' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-350',
    name: 'none',
    spec: res('aws_cloudtrail', { sns_topic_name: null }),
    verdict: 'fail',
    says: 'sns_topic_name',
  },
  {
    rule: 'GW-AWS-350',
    name: 'new topic (set from a value known only after apply)',
    spec: res(
      'aws_cloudtrail',
      {},
      hidden('sns_topic_name', 'aws_sns_topic.t.name'),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-351',
    name: 'key',
    spec: res('aws_cloudwatch_log_group', { kms_key_id: 'arn' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-351',
    name: 'no key',
    spec: res('aws_cloudwatch_log_group', {}),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-352',
    name: '30 days',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 30 }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-352',
    name: 'never expire',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 0 }),
    verdict: 'fail',
    says: 'retention_in_days',
  },
  {
    rule: 'GW-AWS-352',
    name: 'unset',
    spec: res('aws_cloudwatch_log_group', {}),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-353',
    name: 'a year',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 365 }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-353',
    name: 'never expire',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 0 }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-353',
    name: '30 days',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 30 }),
    verdict: 'fail',
    says: 'retention_in_days',
  },
  {
    rule: 'GW-AWS-353',
    name: '30 days in dev',
    spec: res('aws_cloudwatch_log_group', { retention_in_days: 30 }),
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-AWS-353',
    name: 'hidden',
    spec: res(
      'aws_cloudwatch_log_group',
      {},
      hidden('retention_in_days', 'var.days'),
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-354',
    name: 'enabled',
    spec: res('aws_cloudwatch_metric_alarm', { actions_enabled: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-354',
    name: 'disabled',
    spec: res('aws_cloudwatch_metric_alarm', { actions_enabled: false }),
    verdict: 'fail',
    says: 'actions_enabled',
  },
  {
    rule: 'GW-AWS-354',
    name: 'default',
    spec: res('aws_cloudwatch_metric_alarm', {}),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-355',
    name: 'enabled',
    spec: res('aws_guardduty_detector', { enable: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-355',
    name: 'disabled',
    spec: res('aws_guardduty_detector', { enable: false }),
    verdict: 'fail',
    says: 'enable',
  },
  // Access keys, users
  {
    rule: 'GW-AWS-356',
    name: 'named user',
    spec: res('aws_iam_access_key', { user: 'ci' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-356',
    name: 'root',
    spec: res('aws_iam_access_key', { user: 'root' }),
    verdict: 'fail',
    says: 'user',
  },
  {
    rule: 'GW-AWS-356',
    name: 'new user',
    spec: res('aws_iam_access_key', {}, hidden('user', 'aws_iam_user.ci.name')),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-374',
    name: 'user',
    spec: res('aws_iam_user', { name: 'alice' }),
    verdict: 'fail',
    says: 'aws_iam_user',
  },
  {
    rule: 'GW-AWS-374',
    name: 'deleted user',
    spec: res('aws_iam_user', null as unknown as JsonObject, {
      action: 'delete',
      before: { name: 'bob' },
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-375',
    name: 'user attachment',
    spec: res('aws_iam_user_policy_attachment', {
      user: 'alice',
      policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
    verdict: 'fail',
    says: 'user alice',
  },
  {
    rule: 'GW-AWS-375',
    name: 'user inline policy',
    spec: res('aws_iam_user_policy', {
      user: 'alice',
      policy: doc(allow('s3:GetObject', 'arn:aws:s3:::b/*')),
    }),
    verdict: 'fail',
    says: 'group or role',
  },
  {
    rule: 'GW-AWS-375',
    name: 'user attachment being removed',
    spec: res('aws_iam_user_policy_attachment', null as unknown as JsonObject, {
      action: 'delete',
      before: {
        user: 'alice',
        policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      },
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-375',
    name: 'exclusive attachment to users',
    spec: res('aws_iam_policy_attachment', {
      users: ['alice'],
      roles: ['task'],
      policy_arn: 'arn',
    }),
    verdict: 'fail',
    says: 'users',
  },
  {
    rule: 'GW-AWS-375',
    name: 'exclusive attachment to roles',
    spec: res('aws_iam_policy_attachment', {
      users: [],
      roles: ['task'],
      policy_arn: 'arn',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-375',
    name: 'exclusive attachment to new users',
    spec: res(
      'aws_iam_policy_attachment',
      { users: [null], roles: [] },
      {
        unknown: { users: [true] },
        config: { users: { references: ['aws_iam_user.alice.name'] } },
      },
    ),
    verdict: 'unknown',
    says: 'users',
  },
  {
    // Action patterns are data: "." is a literal character, not "any character".
    rule: 'GW-AWS-366',
    name: 'regex characters in an action are literal',
    spec: iamPolicy(allow(['s3:Get.bject', 'ssm:GetParameter(s)?'])),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-366',
    name: 'IAM wildcards still match',
    spec: iamPolicy(allow('SSM:GetParam?ter')),
    verdict: 'fail',
    says: 'ssm:GetParameter',
  },
  // Password policy
  ...(
    [
      'GW-AWS-357',
      'GW-AWS-358',
      'GW-AWS-359',
      'GW-AWS-360',
      'GW-AWS-361',
      'GW-AWS-362',
      'GW-AWS-363',
    ] as const
  ).map(rule => ({
    rule,
    name: 'strict policy',
    spec: res('aws_iam_account_password_policy', PASSWORD_OK),
    verdict: 'pass' as const,
  })),
  {
    rule: 'GW-AWS-357',
    name: 'length 8',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      minimum_password_length: 8,
    }),
    verdict: 'fail',
    says: 'minimum_password_length',
  },
  {
    rule: 'GW-AWS-357',
    name: 'length unset',
    spec: res('aws_iam_account_password_policy', {}),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-358',
    name: 'no lowercase',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      require_lowercase_characters: false,
    }),
    verdict: 'fail',
    says: 'require_lowercase_characters',
  },
  {
    rule: 'GW-AWS-358',
    name: 'computed',
    spec: res(
      'aws_iam_account_password_policy',
      {},
      { unknown: { require_lowercase_characters: true } },
    ),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-359',
    name: 'no numbers',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      require_numbers: false,
    }),
    verdict: 'fail',
    says: 'require_numbers',
  },
  {
    rule: 'GW-AWS-360',
    name: 'reuse 5',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      password_reuse_prevention: 5,
    }),
    verdict: 'fail',
    says: 'password_reuse_prevention',
  },
  {
    rule: 'GW-AWS-360',
    name: 'hidden',
    spec: res(
      'aws_iam_account_password_policy',
      {},
      hidden('password_reuse_prevention', 'var.reuse'),
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-361',
    name: 'no symbols',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      require_symbols: false,
    }),
    verdict: 'fail',
    says: 'require_symbols',
  },
  {
    rule: 'GW-AWS-362',
    name: 'no uppercase',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      require_uppercase_characters: false,
    }),
    verdict: 'fail',
    says: 'require_uppercase_characters',
  },
  {
    rule: 'GW-AWS-363',
    name: '180 days',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      max_password_age: 180,
    }),
    verdict: 'fail',
    says: 'max_password_age',
  },
  {
    rule: 'GW-AWS-363',
    name: 'never',
    spec: res('aws_iam_account_password_policy', {
      ...PASSWORD_OK,
      max_password_age: 0,
    }),
    verdict: 'fail',
    says: 'max_password_age',
  },
  // IAM policy documents
  {
    rule: 'GW-AWS-364',
    name: 'PassRole on *',
    spec: iamPolicy(allow('iam:PassRole')),
    verdict: 'fail',
    says: 'iam:PassRole',
  },
  {
    rule: 'GW-AWS-364',
    name: 'iam:Put* on *',
    spec: res('aws_iam_role_policy', { policy: doc(allow('iam:Put*')) }),
    verdict: 'fail',
    says: 'iam:PutUserPolicy',
  },
  {
    rule: 'GW-AWS-364',
    name: 'PassRole scoped',
    spec: iamPolicy(
      allow('iam:PassRole', 'arn:aws:iam::111122223333:role/task'),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-364',
    name: 'PassRole with condition',
    spec: iamPolicy(
      allow('iam:PassRole', '*', {
        Condition: {
          StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        },
      }),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-364',
    name: 'hidden',
    spec: res(
      'aws_iam_policy',
      {},
      hidden('policy', 'data.aws_iam_policy_document.p.json'),
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-364',
    name: 'not JSON',
    spec: res('aws_iam_policy', { policy: 'nope' }),
    verdict: 'warn',
    says: 'policy',
  },
  {
    rule: 'GW-AWS-365',
    name: 'CreateAccessKey on *',
    spec: res('aws_iam_group_policy', {
      policy: doc(allow(['iam:CreateAccessKey'])),
    }),
    verdict: 'fail',
    says: 'iam:CreateAccessKey',
  },
  {
    rule: 'GW-AWS-365',
    name: 'scoped',
    spec: iamPolicy(
      allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/ci'),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-366',
    name: 's3:Get* on *',
    spec: iamPolicy(allow('s3:Get*')),
    verdict: 'fail',
    says: 's3:GetObject',
  },
  {
    rule: 'GW-AWS-366',
    name: 'NotAction on *',
    spec: iamPolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    verdict: 'fail',
    says: 's3:GetObject',
  },
  {
    rule: 'GW-AWS-366',
    name: 'one bucket',
    spec: iamPolicy(allow('s3:GetObject', 'arn:aws:s3:::uploads/*')),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-366',
    name: 'deny',
    spec: iamPolicy({ Effect: 'Deny', Action: '*', Resource: '*' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-367',
    name: 'PutBucketPolicy on *',
    spec: iamPolicy(allow('s3:PutBucketPolicy')),
    verdict: 'fail',
    says: 's3:PutBucketPolicy',
  },
  {
    rule: 'GW-AWS-367',
    name: 'scoped',
    spec: iamPolicy(allow('s3:PutBucketPolicy', 'arn:aws:s3:::uploads')),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-368',
    name: 'dynamodb:PutItem on *',
    spec: iamPolicy(allow(['dynamodb:GetItem', 'dynamodb:PutItem'])),
    verdict: 'fail',
    says: 'dynamodb:PutItem',
  },
  {
    rule: 'GW-AWS-368',
    name: 'ec2:* on *',
    spec: iamPolicy(allow('ec2:*')),
    verdict: 'fail',
    says: 'ec2:*',
  },
  {
    rule: 'GW-AWS-368',
    name: 'reads on *',
    spec: iamPolicy(
      allow(['ec2:Describe*', 's3:ListAllMyBuckets', 'logs:Get*']),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-369',
    name: 'GetItem on *',
    spec: iamPolicy(allow('dynamodb:GetItem')),
    verdict: 'fail',
    says: 'dynamodb:GetItem',
  },
  {
    rule: 'GW-AWS-369',
    name: 'account-level',
    spec: iamPolicy(
      allow([
        'ec2:DescribeInstances',
        'sts:GetCallerIdentity',
        'ecr:GetAuthorizationToken',
        'cloudwatch:PutMetricData',
      ]),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-369',
    name: 'no policy',
    spec: res('aws_iam_role_policy', { policy: '' }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-AWS-370',
    name: 'star on bucket',
    spec: iamPolicy(allow('*', 'arn:aws:s3:::uploads')),
    verdict: 'fail',
    says: 'Action "*"',
  },
  {
    rule: 'GW-AWS-370',
    name: 'specific',
    spec: iamPolicy(allow(['s3:GetObject'], 'arn:aws:s3:::uploads/*')),
    verdict: 'pass',
  },
  // Trust policies
  {
    rule: 'GW-AWS-371',
    name: 'service',
    spec: role(trust({ Service: 'ecs-tasks.amazonaws.com' })),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-371',
    name: 'star',
    spec: role(trust('*')),
    verdict: 'fail',
    says: 'assume_role_policy',
  },
  {
    rule: 'GW-AWS-371',
    name: 'AWS star',
    spec: role(trust({ AWS: ['*'] })),
    verdict: 'fail',
    says: 'Principal "*"',
  },
  {
    rule: 'GW-AWS-371',
    name: 'star in org',
    spec: role(
      trust('*', {
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      }),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-371',
    name: 'hidden trust',
    spec: res(
      'aws_iam_role',
      {},
      hidden('assume_role_policy', 'data.aws_iam_policy_document.t.json'),
    ),
    verdict: 'unknown',
  },
  {
    rule: 'GW-AWS-372',
    name: 'account root',
    spec: role(trust({ AWS: 'arn:aws:iam::444455556666:root' })),
    verdict: 'fail',
    says: '444455556666',
  },
  {
    rule: 'GW-AWS-372',
    name: 'account id',
    spec: role(trust({ AWS: ['444455556666'] })),
    verdict: 'fail',
    says: 'whole account',
  },
  {
    rule: 'GW-AWS-372',
    name: 'external id',
    spec: role(
      trust(
        { AWS: '444455556666' },
        { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } },
      ),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-372',
    name: 'role ARN',
    spec: role(trust({ AWS: 'arn:aws:iam::444455556666:role/deployer' })),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-373',
    name: 'one repo',
    spec: role(
      trust(GITHUB, {
        Condition: githubSub('repo:acme/app:environment:production'),
      }),
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-373',
    name: 'no sub',
    spec: role(
      trust(GITHUB, {
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          },
        },
      }),
    ),
    verdict: 'fail',
    says: 'token.actions.githubusercontent.com:sub',
  },
  {
    rule: 'GW-AWS-373',
    name: 'any repo of org',
    spec: role(
      trust(GITHUB, {
        Condition: githubSub([
          'repo:acme/app:ref:refs/heads/main',
          'repo:acme/*',
        ]),
      }),
    ),
    verdict: 'fail',
    says: 'repo:acme/*',
  },
  {
    rule: 'GW-AWS-373',
    name: 'star',
    spec: role(trust(GITHUB, { Condition: githubSub('*') })),
    verdict: 'fail',
    says: 'sub',
  },
  {
    rule: 'GW-AWS-373',
    name: 'not GitHub',
    spec: role(trust({ Service: 'lambda.amazonaws.com' })),
    verdict: 'not-applicable',
  },
  // KMS, Secrets Manager, SSM
  {
    rule: 'GW-AWS-376',
    name: 'enabled',
    spec: res('aws_kms_key', { is_enabled: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-376',
    name: 'disabled',
    spec: res('aws_kms_key', { is_enabled: false }),
    verdict: 'fail',
    says: 'is_enabled',
  },
  {
    rule: 'GW-AWS-376',
    name: 'default',
    spec: res('aws_kms_key', {}),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-377',
    name: 'account root',
    spec: res('aws_kms_key', {
      policy: doc({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      }),
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-377',
    name: 'anyone',
    spec: res('aws_kms_key', {
      policy: doc({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
    }),
    verdict: 'fail',
    says: 'Principal "*"',
  },
  {
    rule: 'GW-AWS-377',
    name: 'anyone in account',
    spec: res('aws_kms_key', {
      policy: doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
      }),
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-377',
    name: 'default policy',
    spec: res('aws_kms_key', {}, { unknown: { policy: true } }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-378',
    name: 'key',
    spec: res('aws_secretsmanager_secret', { kms_key_id: 'arn' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-378',
    name: 'default key',
    spec: res('aws_secretsmanager_secret', {}),
    verdict: 'fail',
    says: 'kms_key_id',
  },
  {
    rule: 'GW-AWS-379',
    name: 'CMK',
    spec: res('aws_ssm_parameter', {
      type: 'SecureString',
      key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-AWS-379',
    name: 'aws/ssm',
    spec: res('aws_ssm_parameter', {
      type: 'SecureString',
      key_id: 'alias/aws/ssm',
    }),
    verdict: 'fail',
    says: 'key_id',
  },
  {
    rule: 'GW-AWS-379',
    name: 'default key',
    spec: res(
      'aws_ssm_parameter',
      { type: 'SecureString' },
      { unknown: { key_id: true } },
    ),
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-AWS-379',
    name: 'String',
    spec: res('aws_ssm_parameter', { type: 'String' }),
    verdict: 'not-applicable',
  },
];

function finding(spec: ResourceSpec, ruleId: string, environment = 'prod') {
  return evaluatePlan(planOf([spec]), { environment }).findings.find(
    x => x.ruleId === ruleId && x.address === addressOf(spec),
  );
}

describe('identity and audit rules', () => {
  it.each(CASES.map(c => [`${c.rule} ${c.name}`, c] as const))('%s', (_, c) => {
    const f = finding(c.spec, c.rule, c.environment);
    // A resource the plan deletes gets no finding, which is the pass here.
    expect(f?.verdict ?? 'pass').toBe(c.verdict);
    expect(f?.message ?? '').toContain(c.says ?? '');
  });

  it('tests every rule of the folder with a pass and a fail', () => {
    for (const rule of AWS_IDENTITY_AUDIT_RULES) {
      const verdicts = CASES.filter(c => c.rule === rule.id).map(
        c => c.verdict,
      );
      expect([rule.id, verdicts.includes('pass')]).toEqual([rule.id, true]);
      expect([rule.id, verdicts.includes('fail')]).toEqual([rule.id, true]);
    }
  });

  it('parses a policy document once per resource however many rules read it', () => {
    const parse = jest.spyOn(JSON, 'parse');
    // A Sid no other case uses, so no earlier evaluation has seen this text.
    const plan = planOf([
      iamPolicy(allow('iam:PassRole', '*', { Sid: 'OnceOnly' })),
    ]);
    const before = parse.mock.calls.length;
    evaluatePlan(plan, { environment: 'prod' });
    const policyParses = parse.mock.calls
      .slice(before)
      .filter(
        ([text]) => typeof text === 'string' && text.includes('OnceOnly'),
      );
    parse.mockRestore();
    // GW-AWS-029 (founding pack) parses on its own; this folder's seven rules share one parse.
    expect(policyParses.length).toBeLessThanOrEqual(2);
  });

  it('gives every rule a catalogued Checkov id, a rationale and a snippet for its type', () => {
    const ids = new Set(CHECKOV.checks.map(c => c.id));
    for (const rule of AWS_IDENTITY_AUDIT_RULES) {
      expect(rule.id).toMatch(/^GW-AWS-3[5-9]\d$/);
      expect(rule.references.checkov.length).toBeGreaterThan(0);
      expect(rule.references.checkov.filter(id => !ids.has(id))).toEqual([]);
      expect(rule.rationale.trim()).not.toBe('');
      expect(rule.remediation.terraform).toMatch(/resource "aws_|data "aws_/);
    }
  });
});
