import { isUnset } from '../../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import {
  allowedOf,
  readPolicy,
  tfDoc,
  unreadablePolicy,
} from '../identityAudit/support';

const POLICY_TYPES = ['aws_sqs_queue', 'aws_sqs_queue_policy'];
const POLICY_DOCS = [tfDoc('aws_sqs_queue_policy'), tfDoc('aws_sqs_queue')];

export const sqsEncryption = resourceRule(
  {
    id: 'GW-AWS-313',
    title: 'SQS queues encrypt messages at rest',
    severity: 'high',
    resourceTypes: ['aws_sqs_queue'],
    rationale:
      'Messages can wait in a queue for up to two weeks; server-side encryption (SQS-managed or KMS) ' +
      'keeps them unreadable at rest. New queues get SQS-managed encryption unless it is switched off.',
    remediation: {
      text: 'Keep sqs_managed_sse_enabled = true, or set kms_master_key_id.',
      terraform:
        'resource "aws_sqs_queue" "jobs" {\n  name                    = "jobs"\n  sqs_managed_sse_enabled = true\n}',
    },
    references: { checkov: ['CKV_AWS_27'], docs: [tfDoc('aws_sqs_queue')] },
  },
  (queue, ctx) => {
    const kms = ctx.read(queue, ['kms_master_key_id']);
    if (kms.state === 'known' && !isUnset(kms.value))
      return pass('Encrypted with KMS (kms_master_key_id)');
    // A key set from a resource created in this plan is known only after apply.
    // Set to a key the same apply creates: encrypted with KMS.
    if (kms.state === 'unknown' && kms.configured)
      return pass(
        'Encrypted with KMS (kms_master_key_id, known only after apply)',
      );
    const sse = ctx.read(queue, ['sqs_managed_sse_enabled']);
    if (sse.state === 'known' && sse.value !== null)
      return sse.value === true || sse.value === 'true'
        ? pass('Encrypted: sqs_managed_sse_enabled is true')
        : fail(
            'sqs_managed_sse_enabled is false and kms_master_key_id is not set; enable one of them',
          );
    if (sse.state === 'unknown' && sse.configured)
      return hiddenUntilApply('sqs_managed_sse_enabled');
    return pass(
      'Encrypted: sqs_managed_sse_enabled is true (provider default)',
    );
  },
);

/** The queue policy of either shape, or undefined when the queue carries none. */
function queuePolicy(
  resource: Parameters<typeof readPolicy>[0],
  ctx: Parameters<typeof readPolicy>[1],
) {
  return readPolicy(resource, ctx, 'policy');
}

export const sqsPolicyNotPublic = resourceRule(
  {
    id: 'GW-AWS-314',
    title: 'SQS queue policies do not grant access to everyone',
    severity: 'critical',
    resourceTypes: POLICY_TYPES,
    rationale:
      'A queue policy that allows Principal "*" with no condition lets any AWS account read, send or ' +
      'purge messages. Grant named principals, or a service principal narrowed by aws:SourceArn.',
    remediation: {
      text: 'Name the principals, or add a Condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID) to any statement with Principal "*".',
      terraform:
        'resource "aws_sqs_queue_policy" "jobs" {\n  queue_url = aws_sqs_queue.jobs.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "sns.amazonaws.com" }\n      Action    = "sqs:SendMessage"\n      Resource  = aws_sqs_queue.jobs.arn\n      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.events.arn } }\n    }]\n  })\n}',
    },
    references: { checkov: ['CKV_AWS_168', 'CKV_AWS_387'], docs: POLICY_DOCS },
  },
  (resource, ctx) => {
    const policy = queuePolicy(resource, ctx);
    if (policy.state === 'absent')
      return notApplicable('No queue policy (policy is not set).');
    const unreadable = unreadablePolicy(policy, 'policy');
    if (unreadable || policy.state !== 'parsed')
      return unreadable ?? notApplicable('No queue policy.');
    const open = policy.statements.filter(
      s => s.allow && s.anyPrincipal && !s.condition,
    );
    return open.length > 0
      ? fail(
          'policy allows Principal "*" with no Condition; name the principals or add a Condition',
        )
      : pass('The queue policy grants no unconditioned access to "*"');
  },
);

export const sqsPolicyNoAllActions = resourceRule(
  {
    id: 'GW-AWS-315',
    title: 'SQS queue policies do not allow every SQS action',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Action "*" or "sqs:*" in a queue policy also grants deleting the queue and changing its policy; ' +
      'producers and consumers need only send, receive and delete message actions.',
    remediation: {
      text: 'List the actions each principal needs, e.g. sqs:SendMessage.',
      terraform:
        'resource "aws_sqs_queue_policy" "jobs" {\n  queue_url = aws_sqs_queue.jobs.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = aws_iam_role.worker.arn }\n      Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]\n      Resource  = aws_sqs_queue.jobs.arn\n    }]\n  })\n}',
    },
    references: { checkov: ['CKV_AWS_72'], docs: POLICY_DOCS },
  },
  (resource, ctx) => {
    const policy = queuePolicy(resource, ctx);
    if (policy.state === 'absent')
      return notApplicable('No queue policy (policy is not set).');
    const unreadable = unreadablePolicy(policy, 'policy');
    if (unreadable || policy.state !== 'parsed')
      return unreadable ?? notApplicable('No queue policy.');
    // An action pattern that also matches DeleteQueue and SetQueueAttributes is an all-actions grant.
    const all = policy.statements.filter(
      s =>
        s.allow &&
        allowedOf(s, [
          'sqs:DeleteQueue',
          'sqs:SetQueueAttributes',
          'sqs:SendMessage',
        ]).length === 3,
    );
    return all.length > 0
      ? fail(
          'policy allows every SQS action (Action "*" or "sqs:*"); list the actions needed',
        )
      : pass('The queue policy lists specific actions');
  },
);
