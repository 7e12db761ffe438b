import type { JsonObject, PlanResource } from '../../../plan/types';
import {
  asStringList,
  blocks,
  getPath,
  maskCovers,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  isLive,
  unknown,
} from '../helpers';

type SettingState = 'on' | 'off' | 'absent' | 'hidden';

interface BucketSetting {
  /** What the setting is, for messages: "versioning". */
  what: string;
  /** Inline attribute of aws_s3_bucket (AWS provider v3 and older). */
  inline: string;
  inlineState(blocks: JsonObject[]): SettingState;
  /** Separate resource that carries the setting (AWS provider v4+). */
  linkedType: string;
  linkedState(resource: PlanResource): SettingState;
}

function valueState(
  resource: PlanResource,
  path: Array<string | number>,
  on: (v: unknown) => boolean,
): SettingState {
  if (maskCovers(resource.afterUnknown, path)) return 'hidden';
  return on(getPath(resource.after ?? undefined, path)) ? 'on' : 'off';
}

/**
 * A bucket setting may sit inline on the bucket or in a separate resource,
 * possibly in another module. Settings found on linked resources win;
 * when a separate resource exists that could not be tied to any bucket,
 * a bucket without the setting is `unknown`, not failed.
 */
function judgeBucketSetting(
  bucket: PlanResource,
  ctx: RuleContext,
  s: BucketSetting,
): RuleOutcome {
  const linked = ctx.plan.relations.liveReferrers(
    bucket,
    s.linkedType,
    'bucket',
  );
  if (linked.length > 0) {
    // A setting found on a linked resource wins, then one that is off,
    // then one hidden until apply.
    let off: PlanResource | undefined;
    let hidden: PlanResource | undefined;
    for (const r of linked) {
      const state = s.linkedState(r);
      if (state === 'on')
        return pass(`${capitalise(s.what)} is set by ${r.address}.`);
      if (state === 'off') off ??= r;
      else if (state === 'hidden') hidden ??= r;
    }
    if (off)
      return fail(
        `${capitalise(s.what)} is not fully enabled in ${off.address}.`,
      );
    if (hidden)
      return hiddenUntilApply(`${capitalise(s.what)} in ${hidden.address}`);
  }

  const inline = ctx.read(bucket, [s.inline]);
  if (inline.state === 'known') {
    const state = s.inlineState(blocks(inline.value));
    if (state === 'on')
      return pass(`${capitalise(s.what)} is set on the bucket.`);
    if (state === 'off')
      return fail(`${capitalise(s.what)} is disabled on the bucket.`);
  } else if (inline.configured) {
    return hiddenUntilApply(s.inline);
  }
  const orphans = ctx.plan.relations.liveUnresolved(s.linkedType, 'bucket');
  if (orphans.length > 0) {
    return unknown(
      `No ${s.what} tied to this bucket, but ${orphans
        .map(o => o.address)
        .join(', ')} could not be tied ` +
        'to a bucket from the plan and may apply to it.',
    );
  }
  return fail(`No ${s.what} is configured for the bucket.`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const S3 = ['aws_s3_bucket'];
const PAB_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

const PAB_SETTING: BucketSetting = {
  what: 'public access block',
  inline: 'public_access_block',
  inlineState: () => 'absent',
  linkedType: 'aws_s3_bucket_public_access_block',
  linkedState: r => {
    if (PAB_FLAGS.some(f => maskCovers(r.afterUnknown, [f]))) return 'hidden';
    return PAB_FLAGS.every(f => r.after?.[f] === true) ? 'on' : 'off';
  },
};

const ENCRYPTION_SETTING: BucketSetting = {
  what: 'server-side encryption',
  inline: 'server_side_encryption_configuration',
  inlineState: b => (b.length > 0 ? 'on' : 'absent'),
  linkedType: 'aws_s3_bucket_server_side_encryption_configuration',
  linkedState: r =>
    valueState(r, ['rule'], v => Array.isArray(v) && v.length > 0),
};

const VERSIONING_SETTING: BucketSetting = {
  what: 'versioning',
  inline: 'versioning',
  inlineState: b => {
    if (b.length === 0) return 'absent';
    return b[0].enabled === true ? 'on' : 'off';
  },
  linkedType: 'aws_s3_bucket_versioning',
  linkedState: r =>
    valueState(
      r,
      ['versioning_configuration', 0, 'status'],
      v => v === 'Enabled',
    ),
};

const LOGGING_SETTING: BucketSetting = {
  what: 'access logging',
  inline: 'logging',
  inlineState: b => (b.length > 0 ? 'on' : 'absent'),
  linkedType: 'aws_s3_bucket_logging',
  linkedState: r =>
    valueState(
      r,
      ['target_bucket'],
      v => typeof v === 'string' || v === undefined,
    ),
};

export const s3PublicAccessBlock = resourceRule(
  {
    id: 'GW-AWS-004',
    title: 'S3 buckets have a public access block with all four settings on',
    severity: 'high',
    resourceTypes: S3,
    rationale:
      'The public access block is the guard that keeps a mistaken ACL or bucket policy from ' +
      'publishing data. All four flags are needed: each closes a different path.',
    remediation: {
      text: 'Add an aws_s3_bucket_public_access_block for the bucket with every flag true.',
      terraform: [
        'resource "aws_s3_bucket_public_access_block" "this" {',
        '  bucket                  = aws_s3_bucket.this.id',
        '  block_public_acls       = true',
        '  block_public_policy     = true',
        '  ignore_public_acls      = true',
        '  restrict_public_buckets = true',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_6'],
      cis: ['CIS AWS Foundations v1.5.0 2.1.5'],
    },
  },
  (bucket, ctx) => {
    const accountBlock = (
      ctx.plan.byType.get('aws_s3_account_public_access_block') ?? []
    )
      .filter(isLive)
      .find(r => PAB_FLAGS.every(f => r.after?.[f] === true));
    if (accountBlock)
      return pass(
        `The account-wide block ${accountBlock.address} covers the bucket.`,
      );
    return judgeBucketSetting(bucket, ctx, PAB_SETTING);
  },
);

export const s3Encryption = resourceRule(
  {
    id: 'GW-AWS-005',
    title: 'S3 buckets declare server-side encryption',
    severity: 'medium',
    resourceTypes: S3,
    rationale:
      'AWS applies SSE-S3 to new objects by default since January 2023, but only an explicit ' +
      'configuration records the choice, allows a customer-managed KMS key with its own access ' +
      'policy and audit trail, and survives drift.',
    remediation: {
      text: 'Add a server-side encryption configuration, preferably with a customer-managed KMS key.',
      terraform: [
        'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  rule {',
        '    apply_server_side_encryption_by_default {',
        '      sse_algorithm     = "aws:kms"',
        '      kms_master_key_id = aws_kms_key.data.arn',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_19', 'CKV_AWS_145'],
      cis: ['CIS AWS Foundations v1.5.0 2.1.1'],
    },
  },
  (bucket, ctx) => judgeBucketSetting(bucket, ctx, ENCRYPTION_SETTING),
);

export const s3Versioning = resourceRule(
  {
    id: 'GW-AWS-006',
    title: 'S3 buckets have versioning enabled',
    severity: 'medium',
    resourceTypes: S3,
    rationale:
      'Versioning keeps overwritten and deleted objects recoverable: the difference between an ' +
      'incident and a data loss when a deploy, a script or ransomware rewrites the bucket.',
    remediation: {
      text: 'Enable versioning on the bucket.',
      terraform: [
        'resource "aws_s3_bucket_versioning" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  versioning_configuration {',
        '    status = "Enabled"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_21'] },
  },
  (bucket, ctx) => judgeBucketSetting(bucket, ctx, VERSIONING_SETTING),
);

export const s3AccessLogging = resourceRule(
  {
    id: 'GW-AWS-007',
    title: 'S3 buckets have server access logging',
    severity: 'low',
    resourceTypes: S3,
    rationale:
      'Access logs are the record of who read or changed which object; without them a data ' +
      'exposure cannot be scoped.',
    remediation: {
      text: 'Send access logs to a dedicated log bucket.',
      terraform: [
        'resource "aws_s3_bucket_logging" "this" {',
        '  bucket        = aws_s3_bucket.this.id',
        '  target_bucket = aws_s3_bucket.logs.id',
        '  target_prefix = "s3/${aws_s3_bucket.this.id}/"',
        '}',
      ].join('\n'),
    },
    // CIS 3.6 asks this of the CloudTrail bucket only, not of every bucket.
    references: { checkov: ['CKV_AWS_18'] },
  },
  (bucket, ctx) => {
    if (bucket.after?.acl === 'log-delivery-write') {
      return notApplicable(
        'The bucket is a log delivery target; logging it into itself would loop.',
      );
    }
    return judgeBucketSetting(bucket, ctx, LOGGING_SETTING);
  },
);

const PUBLIC_ACLS = new Set([
  'public-read',
  'public-read-write',
  'authenticated-read',
]);

export const s3PublicAcl = resourceRule(
  {
    id: 'GW-AWS-008',
    title: 'S3 buckets do not grant public ACLs',
    severity: 'critical',
    resourceTypes: S3,
    rationale:
      'A public-read or public-read-write canned ACL publishes (or lets anyone overwrite) the ' +
      'bucket content.',
    remediation: {
      text: 'Use the private ACL and no grants to AllUsers or AuthenticatedUsers (or disable ACLs with object ownership BucketOwnerEnforced), and serve public content through CloudFront.',
      terraform: [
        'resource "aws_s3_bucket_ownership_controls" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  rule {',
        '    object_ownership = "BucketOwnerEnforced"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_20', 'CKV_AWS_57'] },
  },
  (bucket, ctx) => judgeAcl(bucket, ctx),
);

/** Grantee groups that mean "anyone" and "any AWS account". */
const PUBLIC_GRANTEES =
  /^https?:\/\/acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** A public grantee in `grant` blocks (bucket) or an access_control_policy (aws_s3_bucket_acl). */
function publicGrant(resource: PlanResource): string | undefined {
  const after = resource.after ?? {};
  const grants = [
    ...blocks(after.grant),
    ...blocks(after.access_control_policy).flatMap(p => blocks(p.grant)),
  ];
  for (const g of grants) {
    const grantees = [g, ...blocks(g.grantee)];
    for (const grantee of grantees) {
      const uri = grantee.uri;
      if (typeof uri === 'string' && PUBLIC_GRANTEES.test(uri)) {
        const permissions = asStringList(g.permissions ?? g.permission);
        return `${uri.split('/').pop()} (${
          permissions.join(', ') || 'a permission'
        })`;
      }
    }
  }
  return undefined;
}

/** Public ACLs can come from the bucket itself or an aws_s3_bucket_acl. */
function judgeAcl(bucket: PlanResource, ctx: RuleContext): RuleOutcome {
  const linked = ctx.plan.relations.liveReferrers(
    bucket,
    'aws_s3_bucket_acl',
    'bucket',
  );
  const publicAcl = linked.find(r => PUBLIC_ACLS.has(String(r.after?.acl)));
  if (publicAcl)
    return fail(
      `${publicAcl.address} grants the "${String(publicAcl.after?.acl)}" ACL.`,
    );
  for (const r of [bucket, ...linked]) {
    const grant = publicGrant(r);
    if (grant) return fail(`${r.address} grants ${grant}.`);
  }
  const hiddenAcl = linked.find(
    r =>
      maskCovers(r.afterUnknown, ['acl']) ||
      maskHidesAnyAt(r.afterUnknown, ['access_control_policy']),
  );
  if (hiddenAcl) return hiddenUntilApply(`The ACL of ${hiddenAcl.address}`);
  const acl = ctx.read(bucket, ['acl']);
  if (acl.state === 'unknown') {
    return acl.configured
      ? hiddenUntilApply('acl')
      : pass('No public ACL is granted.');
  }
  if (typeof acl.value === 'string' && PUBLIC_ACLS.has(acl.value)) {
    return fail(`The bucket grants the "${acl.value}" ACL.`);
  }
  return pass('No public ACL is granted.');
}
