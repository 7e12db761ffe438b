import { isUnset } from '../../../plan/values';
import { readExpression } from '../../../plan/configIndex';
import { expectAttribute, expectTrue, pass, resourceRule } from '../helpers';

const TRAIL = ['aws_cloudtrail'];
const trailSnippet = (line: string) =>
  `resource "aws_cloudtrail" "org" {\n  name           = "org-trail"\n  s3_bucket_name = aws_s3_bucket.trail.id\n  ${line}\n}`;

export const cloudtrailLogging = resourceRule(
  {
    id: 'GW-AWS-021',
    title: 'CloudTrail trails are logging',
    severity: 'high',
    resourceTypes: TRAIL,
    rationale:
      'A trail with logging stopped records nothing: API activity goes unaudited.',
    remediation: {
      text: 'Leave enable_logging at true.',
      terraform: trailSnippet('enable_logging = true'),
    },
    references: {
      checkov: ['CKV_AWS_251'],
      cis: ['CIS AWS Foundations v1.5.0 3.1'],
    },
  },
  (trail, ctx) =>
    expectTrue(ctx, trail, ['enable_logging'], 'Trail logging', true),
);

export const cloudtrailMultiRegion = resourceRule(
  {
    id: 'GW-AWS-019',
    title: 'CloudTrail trails cover all regions',
    severity: 'high',
    resourceTypes: TRAIL,
    rationale:
      'A single-region trail misses activity in every other region, where attackers like to work.',
    remediation: {
      text: 'Set is_multi_region_trail = true.',
      terraform: trailSnippet('is_multi_region_trail = true'),
    },
    references: {
      checkov: ['CKV_AWS_67'],
      cis: ['CIS AWS Foundations v1.5.0 3.1'],
    },
  },
  (trail, ctx) =>
    expectTrue(ctx, trail, ['is_multi_region_trail'], 'Multi-region trail'),
);

export const cloudtrailValidation = resourceRule(
  {
    id: 'GW-AWS-020',
    title: 'CloudTrail log file validation is enabled',
    severity: 'medium',
    resourceTypes: TRAIL,
    rationale:
      'Digest files prove that delivered logs were not altered or deleted after the fact.',
    remediation: {
      text: 'Set enable_log_file_validation = true.',
      terraform: trailSnippet('enable_log_file_validation = true'),
    },
    references: {
      checkov: ['CKV_AWS_36'],
      cis: ['CIS AWS Foundations v1.5.0 3.2'],
    },
  },
  (trail, ctx) =>
    expectTrue(
      ctx,
      trail,
      ['enable_log_file_validation'],
      'Log file validation',
    ),
);

export const cloudtrailKms = resourceRule(
  {
    id: 'GW-AWS-022',
    title: 'CloudTrail logs are encrypted with a KMS key',
    severity: 'medium',
    resourceTypes: TRAIL,
    rationale:
      'SSE-KMS adds a key policy between the log bucket and whoever can read it.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key.',
      terraform: trailSnippet('kms_key_id = aws_kms_key.trail.arn'),
    },
    references: {
      checkov: ['CKV_AWS_35'],
      cis: ['CIS AWS Foundations v1.5.0 3.7'],
    },
  },
  (trail, ctx) => {
    // A key created in the same plan has an ARN only known after apply, but
    // the configuration shows that kms_key_id is set to it, which is all
    // this rule asks.
    const read = ctx.read(trail, ['kms_key_id']);
    if (read.state === 'unknown' && read.configured) {
      const key = (
        readExpression(
          ctx.plan.config.resourceOf(trail)?.expressions.kms_key_id,
        )?.references ?? []
      ).find(r => /^aws_kms_(key|replica_key)\.[^.]+$/.test(r));
      if (key)
        return pass(`Logs are encrypted with ${key}, created in this plan`);
    }
    return expectAttribute(ctx, trail, ['kms_key_id'], {
      label: 'kms_key_id',
      compliant: v => !isUnset(v),
      passMessage: 'Logs are encrypted with a KMS key',
      failMessage: 'kms_key_id is not set',
      providerDefault: null,
    });
  },
);
