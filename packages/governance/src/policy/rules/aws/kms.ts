import { expectTrue, notApplicable, resourceRule } from '../helpers';

export const kmsRotation = resourceRule(
  {
    id: 'GW-AWS-017',
    title: 'KMS keys rotate automatically',
    severity: 'medium',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'Automatic rotation limits how much data one key version protects and how long a leaked ' +
      'key stays useful. It applies to symmetric keys only.',
    remediation: {
      text: 'Set enable_key_rotation = true.',
      terraform:
        'resource "aws_kms_key" "data" {\n  description         = "data"\n  enable_key_rotation = true\n}',
    },
    references: {
      checkov: ['CKV_AWS_7'],
      cis: ['CIS AWS Foundations v1.5.0 3.8'],
    },
  },
  (key, ctx) => {
    const spec = key.after?.customer_master_key_spec ?? key.after?.key_spec;
    if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') {
      return notApplicable(`${spec} keys cannot rotate automatically.`);
    }
    return expectTrue(ctx, key, ['enable_key_rotation'], 'Key rotation');
  },
);
