import { asNumber } from '../../../../plan/values';
import { resourceRule } from '../../helpers';
import { expectSet, expectValue, isTrueValue, tfDoc } from './support';

const LOG_GROUP =
  'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}';

export const cloudtrailSnsTopic = resourceRule(
  {
    id: 'GW-AWS-350',
    title: 'CloudTrail trails notify an SNS topic of new log files',
    severity: 'low',
    resourceTypes: ['aws_cloudtrail'],
    rationale:
      'A notification per delivered log file lets a log pipeline or SIEM pick trails up at once ' +
      'and shows when delivery stops.',
    remediation: {
      text: 'Set sns_topic_name.',
      terraform:
        'resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.trail.id\n  is_multi_region_trail = true\n  sns_topic_name        = aws_sns_topic.trail.name\n}',
    },
    references: { checkov: ['CKV_AWS_252'], docs: [tfDoc('aws_cloudtrail')] },
  },
  (trail, ctx) =>
    expectSet(
      ctx,
      trail,
      ['sns_topic_name'],
      'sns_topic_name',
      'Log file deliveries are announced on sns_topic_name',
      'sns_topic_name is not set; name an SNS topic',
    ),
);

export const logGroupKms = resourceRule(
  {
    id: 'GW-AWS-351',
    title:
      'CloudWatch log groups are encrypted with a customer managed KMS key',
    severity: 'low',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale:
      'Logs are encrypted by CloudWatch either way; a customer managed key adds a key policy, so ' +
      'application logs that carry personal data can be read only by those allowed to use the key.',
    remediation: {
      text: 'Set kms_key_id (the key policy must allow the logs service principal).',
      terraform: LOG_GROUP,
    },
    references: {
      checkov: ['CKV_AWS_158'],
      docs: [tfDoc('aws_cloudwatch_log_group')],
    },
  },
  (group, ctx) =>
    expectSet(
      ctx,
      group,
      ['kms_key_id'],
      'kms_key_id',
      'Encrypted with kms_key_id',
      'kms_key_id is not set; set a customer managed key',
    ),
);

export const logGroupRetentionSet = resourceRule(
  {
    id: 'GW-AWS-352',
    title: 'CloudWatch log groups set a retention period',
    severity: 'low',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale:
      'Without a retention period logs are kept, and billed, forever, and old personal data is ' +
      'never deleted; an explicit period is a decision someone made.',
    remediation: {
      text: 'Set retention_in_days to the period the team needs.',
      terraform: LOG_GROUP,
    },
    references: {
      checkov: ['CKV_AWS_66'],
      docs: [tfDoc('aws_cloudwatch_log_group')],
    },
  },
  (group, ctx) =>
    expectValue(ctx, group, ['retention_in_days'], {
      label: 'retention_in_days',
      compliant: v => (asNumber(v) ?? 0) > 0,
      providerDefault: 0,
      passMessage: 'retention_in_days is set',
      failMessage:
        'retention_in_days is 0 (never expire); set a retention period',
    }),
);

export const logGroupRetentionYear = resourceRule(
  {
    id: 'GW-AWS-353',
    title: 'Production log groups keep logs for at least a year',
    severity: 'medium',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale:
      'Breaches are often found months later; a year of logs is what investigations and most audit ' +
      'regimes expect. Shorter periods are fine outside production.',
    remediation: {
      text: 'Set retention_in_days to 365 or more.',
      terraform: LOG_GROUP,
    },
    references: {
      checkov: ['CKV_AWS_338'],
      docs: [tfDoc('aws_cloudwatch_log_group')],
    },
    productionOnly: true,
  },
  (group, ctx) =>
    expectValue(ctx, group, ['retention_in_days'], {
      label: 'retention_in_days',
      // 0 means never expire, which keeps the logs at least a year.
      compliant: v => {
        const days = asNumber(v) ?? 0;
        return days === 0 || days >= 365;
      },
      providerDefault: 0,
      passMessage: 'retention_in_days keeps logs for a year or more',
      failMessage:
        'retention_in_days is under 365; keep production logs at least a year',
    }),
);

export const alarmActionsEnabled = resourceRule(
  {
    id: 'GW-AWS-354',
    title: 'CloudWatch alarms have their actions enabled',
    severity: 'low',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
    rationale:
      'An alarm with actions disabled changes state without paging anyone or scaling anything.',
    remediation: {
      text: 'Keep actions_enabled = true (the default).',
      terraform:
        'resource "aws_cloudwatch_metric_alarm" "errors" {\n  alarm_name          = "api-errors"\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = 1\n  metric_name         = "5XXError"\n  namespace           = "AWS/ApiGateway"\n  period              = 300\n  statistic           = "Sum"\n  threshold           = 10\n  actions_enabled     = true\n  alarm_actions       = [aws_sns_topic.oncall.arn]\n}',
    },
    references: {
      checkov: ['CKV_AWS_319'],
      docs: [tfDoc('aws_cloudwatch_metric_alarm')],
    },
  },
  (alarm, ctx) =>
    expectValue(ctx, alarm, ['actions_enabled'], {
      label: 'actions_enabled',
      compliant: isTrueValue,
      providerDefault: true,
      passMessage: 'actions_enabled is true',
      failMessage: 'actions_enabled is false; set it to true',
    }),
);

export const guarddutyEnabled = resourceRule(
  {
    id: 'GW-AWS-355',
    title: 'GuardDuty detectors are enabled',
    severity: 'high',
    resourceTypes: ['aws_guardduty_detector'],
    rationale:
      'A disabled detector produces no findings, so credential misuse and crypto-mining go unseen ' +
      'while the account looks covered.',
    remediation: {
      text: 'Keep enable = true (the default).',
      terraform:
        'resource "aws_guardduty_detector" "main" {\n  enable = true\n}',
    },
    references: {
      checkov: ['CKV_AWS_238'],
      docs: [tfDoc('aws_guardduty_detector')],
    },
  },
  (detector, ctx) =>
    expectValue(ctx, detector, ['enable'], {
      label: 'enable',
      compliant: isTrueValue,
      providerDefault: true,
      passMessage: 'The detector is enabled (enable is true)',
      failMessage: 'enable is false; set it to true',
    }),
);
