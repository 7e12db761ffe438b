import type {
  JsonObject,
  JsonValue,
  PlanResource,
} from '../../../../plan/types';
import { asObject, asStringList, blocks } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';
import { awsDoc, cmkRule } from './support';

const PAB = 'aws_s3_bucket_public_access_block';

/** What each public access block flag closes, for rationale and messages. */
const PAB_FLAGS = [
  {
    id: 'GW-AWS-201',
    flag: 'block_public_acls',
    checkov: 'CKV_AWS_53',
    title: 'S3 public access blocks reject new public ACLs',
    why: 'block_public_acls makes S3 reject any request that would attach a public ACL to the bucket or an object in it.',
  },
  {
    id: 'GW-AWS-202',
    flag: 'block_public_policy',
    checkov: 'CKV_AWS_54',
    title: 'S3 public access blocks reject public bucket policies',
    why: 'block_public_policy makes S3 reject a bucket policy that grants access to anyone, the most common way buckets are published by mistake.',
  },
  {
    id: 'GW-AWS-203',
    flag: 'ignore_public_acls',
    checkov: 'CKV_AWS_55',
    title: 'S3 public access blocks ignore existing public ACLs',
    why: 'ignore_public_acls neutralises public ACLs already on the bucket and its objects, including ones written by old tooling.',
  },
  {
    id: 'GW-AWS-204',
    flag: 'restrict_public_buckets',
    checkov: 'CKV_AWS_56',
    title: 'S3 public access blocks restrict buckets with public policies',
    why: 'restrict_public_buckets limits a bucket whose policy is public to AWS service principals and the owning account, closing cross-account and anonymous access.',
  },
] as const;

const PAB_SNIPPET = [
  'resource "aws_s3_bucket_public_access_block" "this" {',
  '  bucket                  = aws_s3_bucket.this.id',
  '  block_public_acls       = true',
  '  block_public_policy     = true',
  '  ignore_public_acls      = true',
  '  restrict_public_buckets = true',
  '}',
].join('\n');

export const [
  s3PabBlockPublicAcls,
  s3PabBlockPublicPolicy,
  s3PabIgnorePublicAcls,
  s3PabRestrictPublicBuckets,
] = PAB_FLAGS.map(f =>
  resourceRule(
    {
      id: f.id,
      title: f.title,
      severity: 'high',
      resourceTypes: [PAB],
      rationale: `${f.why} Each of the four flags closes a different path, so a block with one flag off leaves that path open.`,
      remediation: { text: `Set ${f.flag} = true.`, terraform: PAB_SNIPPET },
      references: { checkov: [f.checkov], docs: [awsDoc(PAB)] },
    },
    (r, ctx) => expectTrue(ctx, r, [f.flag], 'Public access block flag'),
  ),
);

/** Parsed policies: three rules read each one, it is parsed once. */
const parsedPolicies = new WeakMap<PlanResource, JsonObject[] | RuleOutcome>();

/** Statements of a policy document, or an outcome when it cannot be read. */
function policyStatements(
  r: PlanResource,
  ctx: RuleContext,
): JsonObject[] | RuleOutcome {
  let parsed = parsedPolicies.get(r);
  if (!parsed) {
    parsed = readPolicy(r, ctx);
    parsedPolicies.set(r, parsed);
  }
  return parsed;
}

function readPolicy(
  r: PlanResource,
  ctx: RuleContext,
): JsonObject[] | RuleOutcome {
  const read = ctx.read(r, ['policy']);
  if (read.state === 'unknown') {
    return read.configured || r.type === 'aws_s3_bucket_policy'
      ? hiddenUntilApply('policy')
      : notApplicable('The bucket has no inline policy.');
  }
  const raw = read.value;
  if (raw === null || raw === '')
    return notApplicable('The bucket has no inline policy.');
  let doc: JsonValue;
  try {
    doc = typeof raw === 'string' ? (JSON.parse(raw) as JsonValue) : raw;
  } catch {
    return unknown(
      'policy is not valid JSON, so its statements cannot be judged.',
    );
  }
  const statement = asObject(doc)?.Statement;
  return Array.isArray(statement) ? blocks(statement) : blocks([statement!]);
}

const isOutcome = (v: JsonObject[] | RuleOutcome): v is RuleOutcome =>
  !Array.isArray(v);

/** True when the statement's principal is everyone (`*` or `{AWS: "*"}`). */
function anyPrincipal(st: JsonObject): boolean {
  const p = st.Principal;
  if (p === '*') return true;
  const aws = asObject(p)?.AWS;
  return asStringList(aws).includes('*');
}

/**
 * Condition keys that tie a statement to a known caller or network: with
 * one of them, "Principal: *" no longer means anyone on the internet.
 */
const NARROWING_KEYS = new Set(
  [
    'aws:SourceVpce',
    'aws:SourceVpc',
    'aws:VpceAccount',
    'aws:SourceIp',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:userid',
  ].map(k => k.toLowerCase()),
);

function narrowed(st: JsonObject): boolean {
  const condition = asObject(st.Condition);
  if (!condition) return false;
  for (const op of Object.values(condition)) {
    const keys = Object.keys(asObject(op) ?? {});
    if (keys.some(k => NARROWING_KEYS.has(k.toLowerCase()))) return true;
  }
  return false;
}

const POLICY_TYPES = ['aws_s3_bucket', 'aws_s3_bucket_policy'];

export const s3PolicyNoAnyPrincipal = resourceRule(
  {
    id: 'GW-AWS-205',
    title: 'S3 bucket policies do not allow any principal without a condition',
    severity: 'critical',
    resourceTypes: POLICY_TYPES,
    rationale:
      'An Allow statement with Principal "*" and no condition on the caller, account, organisation ' +
      'or network grants the action to anyone on the internet.',
    remediation: {
      text: 'Name the principals, or add a condition such as aws:PrincipalOrgID or aws:SourceVpce.',
      terraform: [
        'resource "aws_s3_bucket_policy" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Allow"',
        '      Principal = { AWS = "arn:aws:iam::123456789012:role/reader" }',
        '      Action    = "s3:GetObject"',
        '      Resource  = "${aws_s3_bucket.this.arn}/*"',
        '    }]',
        '  })',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_70'],
      docs: [awsDoc('aws_s3_bucket_policy')],
    },
  },
  (r, ctx) => {
    const statements = policyStatements(r, ctx);
    if (isOutcome(statements)) return statements;
    const open = statements.findIndex(
      st => st.Effect === 'Allow' && anyPrincipal(st) && !narrowed(st),
    );
    if (open >= 0)
      return fail(
        `policy statement ${open} allows ${asStringList(
          statements[open].Action,
        ).join(', ')} to Principal "*" with no condition on the caller.`,
      );
    return pass('No policy statement allows any principal unconditionally.');
  },
);

/** Actions that, denied to everyone, lock all but the root user out of the policy. */
const POLICY_LOCKOUT_ACTIONS = new Set([
  '*',
  's3:*',
  's3:put*',
  's3:*bucketpolicy',
  's3:putbucketpolicy',
]);

export const s3PolicyNoLockout = resourceRule(
  {
    id: 'GW-AWS-206',
    title: 'S3 bucket policies do not deny policy changes to everyone',
    severity: 'medium',
    resourceTypes: POLICY_TYPES,
    rationale:
      'A Deny of s3:PutBucketPolicy (or a wildcard covering it) to Principal "*" with no condition ' +
      'locks every IAM identity out of the bucket policy; only the account root user can repair it.',
    remediation: {
      text: 'Scope the Deny with a condition (for example aws:PrincipalArn not equal to the admin role) or drop the policy actions from it.',
      terraform: [
        'resource "aws_s3_bucket_policy" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Deny"',
        '      Principal = "*"',
        '      Action    = "s3:DeleteBucket"',
        '      Resource  = aws_s3_bucket.this.arn',
        '      Condition = { ArnNotEquals = { "aws:PrincipalArn" = var.admin_role_arn } }',
        '    }]',
        '  })',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_93'],
      docs: [awsDoc('aws_s3_bucket_policy')],
    },
  },
  (r, ctx) => {
    const statements = policyStatements(r, ctx);
    if (isOutcome(statements)) return statements;
    const lock = statements.findIndex(
      st =>
        st.Effect === 'Deny' &&
        st.Condition === undefined &&
        st.NotAction === undefined &&
        anyPrincipal(st) &&
        asStringList(st.Action).some(a =>
          POLICY_LOCKOUT_ACTIONS.has(a.toLowerCase()),
        ),
    );
    if (lock >= 0)
      return fail(
        `policy statement ${lock} denies ${asStringList(
          statements[lock].Action,
        ).join(
          ', ',
        )} to every principal without a condition: only the root user could change the policy afterwards.`,
      );
    return pass('No statement locks everyone out of the bucket policy.');
  },
);

/** A Deny on aws:SecureTransport = false refuses plain-HTTP requests. */
function deniesInsecureTransport(st: JsonObject): boolean {
  if (st.Effect !== 'Deny') return false;
  const bool = asObject(asObject(st.Condition)?.Bool);
  if (!bool) return false;
  const key = Object.keys(bool).find(
    k => k.toLowerCase() === 'aws:securetransport',
  );
  return (
    key !== undefined &&
    asStringList(bool[key]).some(v => String(v).toLowerCase() === 'false')
  );
}

export const s3PolicyTlsOnly = resourceRule(
  {
    id: 'GW-AWS-207',
    title: 'S3 bucket policies deny requests not sent over TLS',
    severity: 'medium',
    resourceTypes: POLICY_TYPES,
    rationale:
      'S3 answers plain HTTP as well as HTTPS; only a Deny on aws:SecureTransport = false makes every ' +
      'client, SDK default or not, use TLS for the bucket.',
    remediation: {
      text: 'Add a statement that denies s3:* when aws:SecureTransport is false.',
      terraform: [
        'resource "aws_s3_bucket_policy" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Sid       = "TlsOnly"',
        '      Effect    = "Deny"',
        '      Principal = "*"',
        '      Action    = "s3:*"',
        '      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]',
        '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
        '    }]',
        '  })',
        '}',
      ].join('\n'),
    },
    // Checkov asks this of aws_s3_bucket_acl (buckets with a public ACL);
    // the answer lives in the bucket policy, which is what this rule reads.
    references: {
      checkov: ['CKV_AWS_379'],
      docs: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      ],
    },
  },
  (r, ctx) => {
    const statements = policyStatements(r, ctx);
    if (isOutcome(statements)) return statements;
    return statements.some(deniesInsecureTransport)
      ? pass('The policy denies requests where aws:SecureTransport is false.')
      : fail(
          'No policy statement denies requests where aws:SecureTransport is false: plain HTTP is accepted.',
        );
  },
);

const PUBLIC_CANNED = new Set([
  'public-read',
  'public-read-write',
  'authenticated-read',
]);
const PUBLIC_GROUPS = new Set(['AllUsers', 'AuthenticatedUsers']);

export const s3AclResourceNotPublic = resourceRule(
  {
    id: 'GW-AWS-208',
    title: 'S3 bucket ACL resources grant nothing to everyone',
    severity: 'critical',
    resourceTypes: ['aws_s3_bucket_acl'],
    rationale:
      'An aws_s3_bucket_acl with a public canned ACL or a grant to the AllUsers or AuthenticatedUsers ' +
      'group lets anyone (or any AWS account) list or read the bucket.',
    remediation: {
      text: 'Use acl = "private", or drop the ACL resource and set object ownership to BucketOwnerEnforced.',
      terraform: [
        'resource "aws_s3_bucket_acl" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  acl    = "private"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_375'],
      docs: [awsDoc('aws_s3_bucket_acl')],
    },
  },
  (r, ctx) => {
    const acl = ctx.read(r, ['acl']);
    if (acl.state === 'known' && PUBLIC_CANNED.has(String(acl.value)))
      return fail(`acl is "${String(acl.value)}": the bucket is public.`);
    const policy = ctx.read(r, ['access_control_policy']);
    if (policy.state === 'known') {
      for (const p of blocks(policy.value))
        for (const g of blocks(p.grant))
          for (const grantee of blocks(g.grantee)) {
            const group = String(grantee.uri ?? '')
              .split('/')
              .pop();
            if (group && PUBLIC_GROUPS.has(group))
              return fail(
                `access_control_policy grants ${String(
                  g.permission,
                )} to the ${group} group.`,
              );
          }
    }
    if (acl.state === 'unknown' && acl.configured)
      return hiddenUntilApply('acl');
    if (policy.state === 'unknown' && policy.configured)
      return hiddenUntilApply('access_control_policy');
    return pass('The ACL grants nothing to AllUsers or AuthenticatedUsers.');
  },
);

export const s3AbortIncompleteUploads = resourceRule(
  {
    id: 'GW-AWS-209',
    title: 'S3 lifecycle configurations abort incomplete multipart uploads',
    severity: 'low',
    resourceTypes: ['aws_s3_bucket_lifecycle_configuration'],
    rationale:
      'Parts of failed multipart uploads are invisible in listings but stored and billed until deleted; ' +
      'an abort rule cleans them up.',
    remediation: {
      text: 'Add an enabled rule with abort_incomplete_multipart_upload.',
      terraform: [
        'resource "aws_s3_bucket_lifecycle_configuration" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  rule {',
        '    id     = "abort-incomplete-uploads"',
        '    status = "Enabled"',
        '    filter {}',
        '    abort_incomplete_multipart_upload {',
        '      days_after_initiation = 7',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_300'],
      docs: [awsDoc('aws_s3_bucket_lifecycle_configuration')],
    },
  },
  (r, ctx) => {
    const read = ctx.read(r, ['rule']);
    if (read.state === 'unknown') return hiddenUntilApply('rule');
    const rules = blocks(read.value);
    const aborting = rules.find(
      rule =>
        rule.status === 'Enabled' &&
        blocks(rule.abort_incomplete_multipart_upload).length > 0,
    );
    if (aborting)
      return pass(
        `Rule "${String(
          aborting.id ?? '',
        )}" aborts incomplete multipart uploads.`,
      );
    return fail(
      'No enabled rule sets abort_incomplete_multipart_upload: parts of failed uploads are kept and billed.',
    );
  },
);

export const s3ObjectCmk = cmkRule(
  {
    id: 'GW-AWS-210',
    title: 'S3 objects managed by Terraform use a customer-managed KMS key',
    severity: 'low',
    resourceTypes: ['aws_s3_bucket_object'],
    rationale:
      'Objects uploaded by Terraform (configuration files, artefacts) often hold settings worth ' +
      'protecting; a customer-managed key adds a key policy and CloudTrail record of every decrypt.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key.',
      terraform: [
        'resource "aws_s3_bucket_object" "config" {',
        '  bucket     = aws_s3_bucket.this.id',
        '  key        = "config.json"',
        '  source     = "config.json"',
        '  kms_key_id = aws_kms_key.data.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_186'],
      docs: [awsDoc('aws_s3_bucket_object')],
    },
  },
  'kms_key_id',
  'S3',
);

export const S3_RULES = [
  s3PabBlockPublicAcls,
  s3PabBlockPublicPolicy,
  s3PabIgnorePublicAcls,
  s3PabRestrictPublicBuckets,
  s3PolicyNoAnyPrincipal,
  s3PolicyNoLockout,
  s3PolicyTlsOnly,
  s3AclResourceNotPublic,
  s3AbortIncompleteUploads,
  s3ObjectCmk,
];
