import type { PlanResource } from '../../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../../types';
import { fail, notApplicable, pass, resourceRule } from '../../helpers';
import {
  allowedOf,
  PolicyStatement,
  readPolicy,
  tfDoc,
  unconstrainedAllows,
  unreadablePolicy,
} from './support';

/** Resources whose `policy` attribute is an identity policy document. */
const POLICY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];
const DOCS = [
  tfDoc('aws_iam_policy'),
  'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
];

const scoped = (actions: string, resource: string) =>
  `data "aws_iam_policy_document" "app" {\n  statement {\n    actions   = [${actions}]\n    resources = [${resource}]\n  }\n}\n\nresource "aws_iam_policy" "app" {\n  name   = "app"\n  policy = data.aws_iam_policy_document.app.json\n}`;

/** Verdicts by parsed statements, then by rule (its pass message). */
const verdicts = new WeakMap<PolicyStatement[], Map<string, RuleOutcome>>();

/**
 * Judges the statements of a resource's policy document: `finding` returns
 * the offending part of one statement, or undefined when it is fine. Each
 * rule passes its own `passMessage`, which also keys the verdict cache.
 */
function judgePolicy(
  resource: PlanResource,
  ctx: RuleContext,
  finding: (statements: PolicyStatement[]) => string | undefined,
  passMessage: string,
): RuleOutcome {
  const policy = readPolicy(resource, ctx, 'policy');
  if (policy.state === 'absent')
    return notApplicable('No policy document (policy is not set).');
  const unreadable = unreadablePolicy(policy, 'policy');
  if (unreadable || policy.state !== 'parsed')
    return unreadable ?? notApplicable('No policy document.');
  // A verdict depends only on the statements, which are parsed once per
  // policy text, and on the rule (named by its pass message): modules
  // repeat one policy on many resources, so each rule judges it once.
  let byRule = verdicts.get(policy.statements);
  if (!byRule) verdicts.set(policy.statements, (byRule = new Map()));
  let outcome = byRule.get(passMessage);
  if (!outcome) {
    const found = finding(policy.statements);
    outcome = found ? fail(found) : pass(passMessage);
    byRule.set(passMessage, outcome);
  }
  return outcome;
}

/** The first statement that allows any of `actions` on every resource with no condition. */
function unconstrained(
  statements: PolicyStatement[],
  actions: readonly string[],
  what: string,
) {
  for (const s of unconstrainedAllows(statements)) {
    const allowed = allowedOf(s, actions);
    if (allowed.length > 0)
      return `policy allows ${what} on Resource "*" with no Condition: ${allowed
        .slice(0, 4)
        .join(', ')}${
        allowed.length > 4 ? ', ...' : ''
      }; scope Resource or add a Condition`;
  }
  return undefined;
}

// Action lists written from AWS's Service Authorization Reference: the
// IAM changes that let a principal grant itself more access.
const PRIVILEGE_ESCALATION = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateAccessKey',
  'iam:PassRole',
];

/** Actions that hand out credentials or secrets of other principals. */
const CREDENTIALS_EXPOSURE = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:GetFederationToken',
  'ec2:GetPasswordData',
  'redshift:GetClusterCredentials',
  'sso:GetRoleCredentials',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:DownloadDefaultKeyPair',
];

/** Actions that read the contents of data stores and secret stores. */
const DATA_EXFILTRATION = [
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
];

/** Actions that change who may access a resource (IAM and resource policies). */
const PERMISSIONS_MANAGEMENT = [
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DetachRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutBucketPublicAccessBlock',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'secretsmanager:PutResourcePolicy',
  'sqs:AddPermission',
  'sns:AddPermission',
  'lambda:AddPermission',
  'ecr:SetRepositoryPolicy',
  'ram:CreateResourceShare',
];

/** Verbs that AWS action names use for changes (write access level). */
const WRITE_VERB =
  /^(Create|Put|Delete|Update|Modify|Attach|Detach|Set|Add|Remove|Start|Stop|Terminate|Run|Reboot|Write|Upload|Replace|Associate|Disassociate|Enable|Disable|Restore|Import|Invoke|Publish|Send|Reset|Rotate|Register|Deregister|Revoke|Authorize|Copy|Change|Purge|Restart|Cancel|Execute)/;
const WRITE_VERB_PREFIXES = WRITE_VERB.source.slice(2, -2).split('|');

/** Whether an action pattern (possibly with wildcards) can name a write action. */
function canWrite(pattern: string): boolean {
  if (pattern === '*') return true;
  const name = pattern.slice(pattern.indexOf(':') + 1);
  const literal = name.split(/[*?]/)[0];
  if (literal.length === name.length) return WRITE_VERB.test(name);
  // "s3:*", "s3:Put*", "ec2:P*": the wildcard may complete a write verb.
  return WRITE_VERB_PREFIXES.some(
    v => v.startsWith(literal) || literal.startsWith(v),
  );
}

/**
 * Actions that take no resource ARN, so "*" is their only possible
 * Resource (account-level reads and telemetry writes).
 */
const UNRESTRICTABLE = new Set(
  [
    'sts:GetCallerIdentity',
    'ecr:GetAuthorizationToken',
    'cloudwatch:PutMetricData',
    'cloudwatch:GetMetricData',
    'cloudwatch:GetMetricStatistics',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'tag:GetResources',
    'ce:GetCostAndUsage',
    'iam:GetAccountSummary',
    'iam:GetAccountPasswordPolicy',
  ].map(a => a.toLowerCase()),
);

function restrictable(pattern: string): boolean {
  if (UNRESTRICTABLE.has(pattern.toLowerCase())) return false;
  const name = pattern.slice(pattern.indexOf(':') + 1);
  // Discovery actions (List*, Describe*) mostly take no resource ARN.
  return !/^(List|Describe)/.test(name);
}

export const iamPrivilegeEscalation = resourceRule(
  {
    id: 'GW-AWS-364',
    title: 'IAM policies do not allow privilege escalation',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Actions such as iam:AttachRolePolicy, iam:CreatePolicyVersion or iam:PassRole on every resource let ' +
      'the holder give itself any permission, so the policy is as strong as administrator access.',
    remediation: {
      text: 'Scope IAM write actions to the specific roles and policies the workload manages, or add a Condition (e.g. iam:PassedToService).',
      terraform: scoped('"iam:PassRole"', 'aws_iam_role.task.arn'),
    },
    references: { checkov: ['CKV_AWS_286', 'CKV_AWS_110'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => unconstrained(st, PRIVILEGE_ESCALATION, 'privilege escalation'),
      'No privilege-escalation action on every resource',
    ),
);

export const iamCredentialsExposure = resourceRule(
  {
    id: 'GW-AWS-365',
    title: 'IAM policies do not expose credentials',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Actions that mint access keys, passwords or database credentials for any principal hand out ' +
      'identities the workload does not own.',
    remediation: {
      text: 'Scope credential-creating actions to named users or clusters, or remove them.',
      terraform: scoped(
        '"redshift:GetClusterCredentials"',
        '"arn:aws:redshift:eu-west-1:111122223333:dbuser:analytics/report"',
      ),
    },
    references: { checkov: ['CKV_AWS_287', 'CKV_AWS_107'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => unconstrained(st, CREDENTIALS_EXPOSURE, 'credential exposure'),
      'No credential-exposing action on every resource',
    ),
);

export const iamDataExfiltration = resourceRule(
  {
    id: 'GW-AWS-366',
    title:
      'IAM policies do not allow reading every object, parameter or secret',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      's3:GetObject, ssm:GetParameter* or secretsmanager:GetSecretValue on every resource reads all ' +
      "the account's data and secrets, not just the workload's.",
    remediation: {
      text: 'Name the buckets, parameter paths and secrets the workload reads.',
      terraform: scoped('"s3:GetObject"', '"${aws_s3_bucket.uploads.arn}/*"'),
    },
    references: { checkov: ['CKV_AWS_288', 'CKV_AWS_108'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => unconstrained(st, DATA_EXFILTRATION, 'data reads'),
      'No data-reading action on every resource',
    ),
);

export const iamPermissionsManagement = resourceRule(
  {
    id: 'GW-AWS-367',
    title: 'IAM policies do not manage permissions on every resource',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Changing bucket policies, key policies or IAM policies on every resource lets the holder open ' +
      'any resource to anyone, including other accounts.',
    remediation: {
      text: 'Scope permission-management actions to the resources the workload owns, or add a Condition.',
      terraform: scoped('"s3:PutBucketPolicy"', 'aws_s3_bucket.uploads.arn'),
    },
    references: { checkov: ['CKV_AWS_289', 'CKV_AWS_109'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => unconstrained(st, PERMISSIONS_MANAGEMENT, 'permission management'),
      'No permission-management action on every resource',
    ),
);

export const iamUnconstrainedWrite = resourceRule(
  {
    id: 'GW-AWS-368',
    title: 'IAM policies do not allow write actions on every resource',
    severity: 'medium',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Write actions (create, put, delete, modify, ...) on Resource "*" with no condition let a ' +
      'compromised workload change resources that are not its own.',
    remediation: {
      text: 'Name the resources each write action applies to, or add a Condition (e.g. aws:ResourceTag).',
      terraform: scoped('"sqs:SendMessage"', 'aws_sqs_queue.jobs.arn'),
    },
    references: { checkov: ['CKV_AWS_290', 'CKV_AWS_111'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => {
        for (const s of unconstrainedAllows(st)) {
          const writes = s.notAction
            ? ['every action but NotAction']
            : s.actions.filter(canWrite);
          if (writes.length > 0)
            return `policy allows write actions on Resource "*" with no Condition: ${writes
              .slice(0, 4)
              .join(', ')}; scope Resource or add a Condition`;
        }
        return undefined;
      },
      'No write action on every resource without a condition',
    ),
);

export const iamRestrictableOnStar = resourceRule(
  {
    id: 'GW-AWS-369',
    title: 'IAM policies name resources for actions that can be scoped',
    severity: 'medium',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Most actions accept a resource ARN; granting them on "*" gives access to resources created ' +
      'later by anyone. Only account-level actions (List*, Describe*, sts:GetCallerIdentity, ' +
      'ecr:GetAuthorizationToken, telemetry writes) need "*".',
    remediation: {
      text: 'Replace Resource "*" with the ARNs the actions apply to; keep "*" only for actions without resource types.',
      terraform: scoped(
        '"dynamodb:GetItem", "dynamodb:PutItem"',
        'aws_dynamodb_table.orders.arn',
      ),
    },
    references: { checkov: ['CKV_AWS_355', 'CKV_AWS_356'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st => {
        for (const s of unconstrainedAllows(st)) {
          const scopable = s.notAction
            ? ['every action but NotAction']
            : s.actions.filter(restrictable);
          if (scopable.length > 0)
            return `policy allows ${scopable
              .slice(0, 4)
              .join(
                ', ',
              )} on Resource "*"; these actions accept resource ARNs, name them`;
        }
        return undefined;
      },
      'Resource "*" is used only for actions that take no resource',
    ),
);

export const iamStarAction = resourceRule(
  {
    id: 'GW-AWS-370',
    title: 'IAM policies do not allow Action "*"',
    severity: 'high',
    resourceTypes: POLICY_TYPES,
    rationale:
      'Action "*" grants every current and future action of every service on the named resources, ' +
      'including deleting them and changing their policies.',
    remediation: {
      text: 'List the actions the workload needs.',
      terraform: scoped(
        '"s3:GetObject", "s3:PutObject"',
        '"${aws_s3_bucket.uploads.arn}/*"',
      ),
    },
    references: { checkov: ['CKV_AWS_63', 'CKV_AWS_49'], docs: DOCS },
  },
  (resource, ctx) =>
    judgePolicy(
      resource,
      ctx,
      st =>
        st.some(
          s =>
            s.allow &&
            !s.notAction &&
            s.actions.some(a => a === '*' || a === '*:*'),
        )
          ? 'policy allows Action "*"; list the actions needed'
          : undefined,
      'No statement allows Action "*"',
    ),
);
