import { fail, notApplicable, pass, resourceRule } from '../../helpers';
import {
  expectSet,
  expectValue,
  isTrueValue,
  readPolicy,
  tfDoc,
  unreadablePolicy,
} from './support';

export const kmsKeyEnabled = resourceRule(
  {
    id: 'GW-AWS-376',
    title: 'KMS keys are enabled',
    severity: 'low',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'A disabled key makes everything it encrypts unreadable; disabling belongs in a deliberate ' +
      'retirement, not in the configuration of a key still in use.',
    remediation: {
      text: 'Keep is_enabled = true (the default), or schedule the key for deletion when retired.',
      terraform:
        'resource "aws_kms_key" "data" {\n  description         = "data"\n  is_enabled          = true\n  enable_key_rotation = true\n}',
    },
    references: { checkov: ['CKV_AWS_227'], docs: [tfDoc('aws_kms_key')] },
  },
  (key, ctx) =>
    expectValue(ctx, key, ['is_enabled'], {
      label: 'is_enabled',
      compliant: isTrueValue,
      providerDefault: true,
      passMessage: 'is_enabled is true',
      failMessage:
        'is_enabled is false; enable the key or schedule its deletion',
    }),
);

export const kmsPolicyNotPublic = resourceRule(
  {
    id: 'GW-AWS-377',
    title: 'KMS key policies do not grant access to any principal',
    severity: 'critical',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'A key policy statement with Principal "*" and no condition lets any AWS account use or manage ' +
      'the key, and so decrypt whatever it protects.',
    remediation: {
      text: 'Name the account root or roles as principals, or add a Condition (kms:CallerAccount, aws:PrincipalOrgID).',
      terraform:
        'resource "aws_kms_key" "data" {\n  description         = "data"\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid       = "AccountAdmin"\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }\n      Action    = "kms:*"\n      Resource  = "*"\n    }]\n  })\n}',
    },
    references: { checkov: ['CKV_AWS_33'], docs: [tfDoc('aws_kms_key')] },
  },
  (key, ctx) => {
    const policy = readPolicy(key, ctx, 'policy');
    if (policy.state === 'absent')
      return pass('The default key policy applies (the account only)');
    const unreadable = unreadablePolicy(policy, 'policy');
    if (unreadable || policy.state !== 'parsed')
      return unreadable ?? notApplicable('No key policy.');
    return policy.statements.some(
      s => s.allow && s.anyPrincipal && !s.condition,
    )
      ? fail(
          'policy allows Principal "*" with no Condition; name the principals',
        )
      : pass('The key policy names its principals');
  },
);

export const secretsManagerCmk = resourceRule(
  {
    id: 'GW-AWS-378',
    title:
      'Secrets Manager secrets are encrypted with a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_secretsmanager_secret'],
    rationale:
      'With the default aws/secretsmanager key anyone allowed to read the secret can decrypt it; ' +
      'a customer managed key adds a second policy, and is needed to share a secret across accounts.',
    remediation: {
      text: 'Set kms_key_id.',
      terraform:
        'resource "aws_secretsmanager_secret" "db" {\n  name       = "db-password"\n  kms_key_id = aws_kms_key.secrets.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_149'],
      docs: [tfDoc('aws_secretsmanager_secret')],
    },
  },
  (secret, ctx) =>
    expectSet(
      ctx,
      secret,
      ['kms_key_id'],
      'kms_key_id',
      'Encrypted with kms_key_id',
      'kms_key_id is not set; set a customer managed key',
    ),
);

const AWS_MANAGED_SSM_KEY = /(^|:)alias\/aws\/ssm$/;

export const ssmParameterCmk = resourceRule(
  {
    id: 'GW-AWS-379',
    title: 'SecureString SSM parameters use a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_ssm_parameter'],
    rationale:
      'With the default alias/aws/ssm key, anyone who can read the parameter can decrypt it; a ' +
      'customer managed key lets the team limit decryption separately. Plain String parameters hold no secrets to encrypt.',
    remediation: {
      text: 'Set key_id on SecureString parameters.',
      terraform:
        'resource "aws_ssm_parameter" "db_password" {\n  name   = "/app/db/password"\n  type   = "SecureString"\n  value  = var.db_password\n  key_id = aws_kms_key.params.arn\n}',
    },
    references: {
      checkov: ['CKV_AWS_337'],
      docs: [tfDoc('aws_ssm_parameter')],
    },
  },
  (param, ctx) => {
    const type = ctx.read(param, ['type']);
    if (type.state === 'known' && type.value !== 'SecureString')
      return notApplicable(`type is ${String(type.value)}, not SecureString.`);
    const key = ctx.read(param, ['key_id']);
    if (
      key.state === 'known' &&
      typeof key.value === 'string' &&
      AWS_MANAGED_SSM_KEY.test(key.value)
    )
      return fail(
        'key_id is the AWS-managed alias/aws/ssm; use a customer managed key',
      );
    return expectSet(
      ctx,
      param,
      ['key_id'],
      'key_id',
      'Encrypted with key_id',
      'key_id is not set; set a customer managed key',
    );
  },
);
