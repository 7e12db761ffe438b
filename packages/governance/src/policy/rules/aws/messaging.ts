import { isUnset } from '../../../plan/values';
import { expectAttribute, resourceRule } from '../helpers';

export const snsEncryption = resourceRule(
  {
    id: 'GW-AWS-037',
    title: 'SNS topics are encrypted with KMS',
    severity: 'low',
    resourceTypes: ['aws_sns_topic'],
    rationale:
      'Messages wait at rest in SNS; server-side encryption keeps them unreadable without the key.',
    remediation: {
      text: 'Set kms_master_key_id.',
      terraform:
        'resource "aws_sns_topic" "events" {\n  name              = "events"\n  kms_master_key_id = aws_kms_key.sns.id\n}',
    },
    references: { checkov: ['CKV_AWS_26'] },
  },
  (topic, ctx) =>
    expectAttribute(ctx, topic, ['kms_master_key_id'], {
      label: 'kms_master_key_id',
      compliant: v => !isUnset(v),
      passMessage: 'Encrypted with KMS',
      failMessage: 'kms_master_key_id is not set',
      providerDefault: null,
    }),
);
