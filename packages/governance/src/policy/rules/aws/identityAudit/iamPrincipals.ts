import type { JsonObject } from '../../../../plan/types';
import {
  asObject,
  asStringList,
  isUnset,
  maskHidesAnyAt,
} from '../../../../plan/values';
import type { PlanResource } from '../../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import {
  PolicyStatement,
  readPolicy,
  tfDoc,
  unreadablePolicy,
} from './support';

const ROLE_DOCS = [tfDoc('aws_iam_role')];
const trustedRole = (principal: string) =>
  `resource "aws_iam_role" "task" {\n  name = "task"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRole"\n      Principal = ${principal}\n    }]\n  })\n}`;

/** Judges the trust policy (assume_role_policy) of a role. */
function judgeTrust(
  role: PlanResource,
  ctx: RuleContext,
  finding: (statements: PolicyStatement[]) => string | undefined,
  passMessage: string,
): RuleOutcome {
  const policy = readPolicy(role, ctx, 'assume_role_policy');
  if (policy.state === 'absent')
    return notApplicable('No trust policy in the plan.');
  const unreadable = unreadablePolicy(policy, 'assume_role_policy');
  if (unreadable || policy.state !== 'parsed')
    return unreadable ?? notApplicable('No trust policy.');
  const found = finding(policy.statements);
  return found ? fail(found) : pass(passMessage);
}

export const roleTrustNotPublic = resourceRule(
  {
    id: 'GW-AWS-371',
    title: 'IAM role trust policies do not let any principal assume the role',
    severity: 'critical',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'Principal "*" in a trust policy lets any AWS account in the world assume the role unless a ' +
      'condition narrows it.',
    remediation: {
      text: 'Name the service or account that assumes the role, or add a Condition (aws:PrincipalOrgID, sts:ExternalId).',
      terraform: trustedRole('{ Service = "ecs-tasks.amazonaws.com" }'),
    },
    references: { checkov: ['CKV_AWS_60', 'CKV_AWS_283'], docs: ROLE_DOCS },
  },
  (role, ctx) =>
    judgeTrust(
      role,
      ctx,
      st =>
        st.some(s => s.allow && s.anyPrincipal && !s.condition)
          ? 'assume_role_policy allows Principal "*" with no Condition; name the principals'
          : undefined,
      'The trust policy names its principals',
    ),
);

/** A whole account as principal: its id, or its root ARN. */
const WHOLE_ACCOUNT = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

export const roleTrustNotWholeAccount = resourceRule(
  {
    id: 'GW-AWS-372',
    title:
      'IAM role trust policies do not trust a whole account without a condition',
    severity: 'medium',
    resourceTypes: ['aws_iam_role'],
    rationale:
      "Trusting an account root delegates the decision to that account's IAM: any of its users or " +
      'roles with sts:AssumeRole can assume this role. Name the roles, or require a condition.',
    remediation: {
      text: 'Trust specific role ARNs, or add a Condition such as sts:ExternalId or aws:PrincipalArn.',
      terraform: trustedRole(
        '{ AWS = "arn:aws:iam::444455556666:role/deployer" }',
      ),
    },
    references: { checkov: ['CKV_AWS_61'], docs: ROLE_DOCS },
  },
  (role, ctx) =>
    judgeTrust(
      role,
      ctx,
      st => {
        for (const s of st) {
          if (!s.allow || s.condition) continue;
          const account = s.awsPrincipals.find(p => WHOLE_ACCOUNT.test(p));
          if (account)
            return `assume_role_policy trusts the whole account ${account} with no Condition; name roles or add a Condition`;
        }
        return undefined;
      },
      'The trust policy names roles or narrows account trust with a condition',
    ),
);

const GITHUB_PROVIDER = 'token.actions.githubusercontent.com';
const GITHUB_SUB = `${GITHUB_PROVIDER}:sub`;
/** `repo:<owner>/<repo>:...` with owner and repository spelled out. */
const ONE_REPOSITORY = /^repo:[^*?/:]+\/[^*?/:]+:/;

function subValues(condition: JsonObject | undefined): string[] | undefined {
  if (!condition) return undefined;
  let values: string[] | undefined;
  for (const operator of Object.keys(condition)) {
    const keys = asObject(condition[operator]);
    if (!keys) continue;
    for (const key of Object.keys(keys)) {
      if (key.toLowerCase() !== GITHUB_SUB) continue;
      values = [...(values ?? []), ...asStringList(keys[key])];
    }
  }
  return values;
}

export const githubOidcTrust = resourceRule(
  {
    id: 'GW-AWS-373',
    title: 'Roles trusted by GitHub Actions are limited to named repositories',
    severity: 'critical',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'Without a sub condition naming the repository, any workflow in any GitHub repository can ' +
      "exchange its OIDC token for this role's credentials.",
    remediation: {
      text: 'Add a StringLike/StringEquals condition on token.actions.githubusercontent.com:sub of the form repo:<owner>/<repo>:<ref or environment>.',
      terraform:
        'resource "aws_iam_role" "deploy" {\n  name = "github-deploy"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }\n      Condition = {\n        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }\n        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:environment:production" }\n      }\n    }]\n  })\n}',
    },
    references: {
      checkov: ['CKV_AWS_393', 'CKV_AWS_358'],
      docs: [
        ...ROLE_DOCS,
        'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
      ],
    },
  },
  (role, ctx) => {
    let github = false;
    const outcome = judgeTrust(
      role,
      ctx,
      st => {
        for (const s of st) {
          if (
            !s.allow ||
            !s.federatedPrincipals.some(p => p.includes(GITHUB_PROVIDER))
          )
            continue;
          github = true;
          const subs = subValues(s.condition);
          if (!subs || subs.length === 0)
            return `assume_role_policy trusts GitHub Actions with no ${GITHUB_SUB} condition; name the repository`;
          const loose = subs.find(v => !ONE_REPOSITORY.test(v));
          if (loose)
            return `${GITHUB_SUB} allows "${loose}"; use repo:<owner>/<repo>:... with the owner and repository spelled out`;
        }
        return undefined;
      },
      'GitHub Actions trust is limited to named repositories',
    );
    if (outcome.verdict === 'pass' && !github)
      return notApplicable('The role does not trust GitHub Actions.');
    return outcome;
  },
);

export const rootAccessKey = resourceRule(
  {
    id: 'GW-AWS-356',
    title: 'No access key is created for a user named root',
    severity: 'high',
    resourceTypes: ['aws_iam_access_key'],
    rationale:
      "Long-lived keys for the account's root identity cannot be limited by any policy; a key for a " +
      'user called root is at best confusing in audits and at worst a sign of root-equivalent use.',
    remediation: {
      text: 'Use a named role or user with least privilege; never create keys for root.',
      terraform:
        'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}',
    },
    references: {
      checkov: ['CKV_AWS_348'],
      cis: ['CIS AWS Foundations v3.0.0 1.4'],
      docs: [tfDoc('aws_iam_access_key')],
    },
  },
  (key, ctx) => {
    const user = ctx.read(key, ['user']);
    if (user.state === 'unknown') return hiddenUntilApply('user');
    return typeof user.value === 'string' && user.value.toLowerCase() === 'root'
      ? fail(
          'user is "root"; create keys only for named, least-privilege users',
        )
      : pass('The access key belongs to a named user');
  },
);

export const noIamUsers = resourceRule(
  {
    id: 'GW-AWS-374',
    title: 'People sign in through SSO, not IAM users',
    severity: 'low',
    resourceTypes: ['aws_iam_user'],
    rationale:
      'IAM users carry long-lived passwords and keys that are rotated by hand; IAM Identity Center ' +
      'gives short-lived credentials tied to the company directory. Keep IAM users for the rare ' +
      'machine that cannot assume a role, and waive those.',
    remediation: {
      text: 'Grant access through IAM Identity Center permission sets (or roles assumed via OIDC) instead of aws_iam_user.',
      terraform:
        'resource "aws_ssoadmin_permission_set" "developers" {\n  name         = "Developers"\n  instance_arn = local.sso_instance_arn\n}\n# replaces: resource "aws_iam_user" "alice" { name = "alice" }',
    },
    references: { checkov: ['CKV_AWS_273'], docs: [tfDoc('aws_iam_user')] },
  },
  user =>
    fail(`aws_iam_user ${user.name} is an IAM user; use SSO or a role instead`),
);

export const noUserPolicies = resourceRule(
  {
    id: 'GW-AWS-375',
    title: 'IAM policies are attached to groups or roles, not users',
    severity: 'low',
    resourceTypes: [
      'aws_iam_user_policy',
      'aws_iam_user_policy_attachment',
      'aws_iam_policy_attachment',
    ],
    rationale:
      'Permissions granted user by user drift apart and are missed when someone changes team; ' +
      'granting through groups and roles keeps access reviewable.',
    remediation: {
      text: 'Attach the policy to a group and add the user to it.',
      terraform:
        'resource "aws_iam_group_policy_attachment" "developers" {\n  group      = aws_iam_group.developers.name\n  policy_arn = aws_iam_policy.developer.arn\n}\n\nresource "aws_iam_user_group_membership" "alice" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.developers.name]\n}\n# replaces aws_iam_user_policy / aws_iam_user_policy_attachment',
    },
    references: {
      checkov: ['CKV_AWS_40'],
      cis: ['CIS AWS Foundations v3.0.0 1.15'],
      docs: [tfDoc('aws_iam_user_policy_attachment')],
    },
  },
  (resource, ctx) => {
    if (resource.type === 'aws_iam_policy_attachment') {
      // The exclusive attachment names users, groups and roles in one resource.
      const users = ctx.read(resource, ['users']);
      if (
        users.state === 'unknown' ||
        maskHidesAnyAt(resource.afterUnknown, ['users'])
      )
        return hiddenUntilApply('users');
      const names = asStringList(users.value);
      return names.length > 0
        ? fail(
            `users attaches the policy directly to ${names.join(
              ', ',
            )}; attach it to a group or role`,
          )
        : pass('The policy is attached to groups or roles only');
    }
    const user = ctx.read(resource, ['user']);
    const who =
      user.state === 'known' && !isUnset(user.value)
        ? ` to user ${String(user.value)}`
        : '';
    return fail(
      `${resource.type} attaches a policy directly${who} (user); attach it to a group or role`,
    );
  },
);
