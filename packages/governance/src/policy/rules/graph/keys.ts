import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../helpers';
import { linked, orphanOutcome, targetsOf } from './support';

/** Where each store names its key (see RELATION_SPECS). */
const KEY_ATTRIBUTE: Record<
  string,
  { attribute: string; path: Array<string | number> }
> = {
  aws_db_instance: { attribute: 'kms_key_id', path: ['kms_key_id'] },
  aws_rds_cluster: { attribute: 'kms_key_id', path: ['kms_key_id'] },
  aws_eks_cluster: {
    attribute: 'encryption_config.provider.key_arn',
    path: ['encryption_config', 0, 'provider', 0, 'key_arn'],
  },
};

/** A key this plan manages: rotation on, and not being deleted. */
function judgeKey(key: PlanResource, ctx: RuleContext): RuleOutcome {
  if (key.action === 'delete')
    return fail(`The key ${key.address} is deleted by this plan.`);
  const rotation = ctx.read(key, ['enable_key_rotation']);
  if (rotation.state === 'known')
    return isTrue(rotation.value)
      ? pass(
          `Encrypted with ${key.address}, which rotates (enable_key_rotation).`,
        )
      : fail(
          `Encrypted with ${key.address}, whose enable_key_rotation is false; turn rotation on.`,
        );
  return rotation.configured
    ? hiddenUntilApply(`enable_key_rotation of ${key.address}`)
    : fail(
        `Encrypted with ${key.address}, whose enable_key_rotation is not set (the provider default is false).`,
      );
}

export const storeKeyRotates = resourceRule(
  {
    id: 'GW-AWS-406',
    title:
      'Databases and EKS secrets use a customer-managed KMS key of this plan that rotates',
    severity: 'medium',
    resourceTypes: Object.keys(KEY_ATTRIBUTE),
    rationale:
      'A customer-managed key is only worth its cost when the team controls it: its policy and ' +
      'rotation are in code next to the store it protects. A key that never rotates keeps ' +
      'every ciphertext under one secret for the life of the data.',
    remediation: {
      text: 'Create the key in Terraform with rotation on and reference it from the store.',
      terraform: [
        'resource "aws_kms_key" "data" {',
        '  description         = "database encryption"',
        '  enable_key_rotation = true',
        '}',
        '',
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  storage_encrypted = true',
        '  kms_key_id        = aws_kms_key.data.arn',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
        'https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html',
      ],
    },
  },
  (store, ctx) => {
    const { attribute, path } = KEY_ATTRIBUTE[store.type];
    const t = targetsOf(ctx, store, attribute, path);
    switch (t.kind) {
      case 'found':
        return judgeKey(t.targets[0], ctx);
      case 'unset':
        return notApplicable(
          `${attribute} is not set: no customer-managed key (the encryption rules judge the AWS-managed default).`,
        );
      case 'hidden':
        return hiddenUntilApply(
          `${attribute} (a reference the plan's configuration does not resolve to a key)`,
        );
      default:
        return unknown(
          `${attribute} names a key outside this plan (${String(
            t.value,
          )}); its rotation cannot be seen from here.`,
        );
    }
  },
);

export const attachedVolumeEncrypted = resourceRule(
  {
    id: 'GW-AWS-407',
    title: 'EBS volumes attached to instances are encrypted',
    severity: 'high',
    resourceTypes: ['aws_ebs_volume'],
    rationale:
      'An unencrypted volume attached to an instance holds that instance data in clear on ' +
      'the EBS backend and in every snapshot taken of it.',
    remediation: {
      text: 'Set encrypted = true (a new volume; copy data across), or turn on EBS encryption by default.',
      terraform: [
        'resource "aws_ebs_volume" "data" {',
        '  availability_zone = "eu-west-1a"',
        '  size              = 100',
        '  encrypted         = true',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_2'],
      docs: [
        'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
      ],
    },
  },
  (volume, ctx) => {
    const { found, orphans } = linked(
      ctx,
      volume,
      'aws_volume_attachment',
      'volume_id',
    );
    if (found.length === 0 && orphans.length === 0)
      return notApplicable('No aws_volume_attachment attaches this volume.');
    const encrypted = ctx.read(volume, ['encrypted']);
    if (encrypted.state === 'known' && isTrue(encrypted.value))
      return pass('encrypted is true.');
    if (encrypted.state === 'known')
      return found.length > 0
        ? fail(
            `Attached by ${found[0].address} with encrypted false; set encrypted = true.`,
          )
        : orphanOutcome('volume attachment', orphans);
    if (encrypted.configured) return hiddenUntilApply('encrypted');
    return found.length > 0
      ? fail(
          `Attached by ${found[0].address}; encrypted is not set (the provider default is false unless account-wide EBS encryption is on).`,
        )
      : orphanOutcome('volume attachment', orphans);
  },
);

export const kmsKeyPolicy = resourceRule(
  {
    id: 'GW-AWS-408',
    title: 'KMS keys have a key policy written in code',
    severity: 'low',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'Without its own policy a key gets the default one, which lets any IAM principal of the ' +
      'account with kms permissions use it; the policy is what scopes a customer-managed key.',
    remediation: {
      text: 'Set policy on the key, or manage it with aws_kms_key_policy.',
      terraform: [
        'resource "aws_kms_key" "data" {',
        '  enable_key_rotation = true',
        '  policy              = data.aws_iam_policy_document.key.json',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_64'],
      docs: [
        'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
      ],
    },
  },
  (key, ctx) => {
    const policy = ctx.read(key, ['policy']);
    if (
      policy.state === 'known' &&
      typeof policy.value === 'string' &&
      policy.value
    )
      return pass('policy is set on the key.');
    const { found, orphans } = linked(ctx, key, 'aws_kms_key_policy', 'key_id');
    if (found.length > 0) return pass(`Key policy set by ${found[0].address}.`);
    if (policy.state === 'unknown' && policy.configured)
      return hiddenUntilApply('policy');
    if (orphans.length > 0) return orphanOutcome('aws_kms_key_policy', orphans);
    return fail(
      'policy is not set and no aws_kms_key_policy names the key: the default key policy applies.',
    );
  },
);
