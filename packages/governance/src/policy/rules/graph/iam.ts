import type { JsonObject, PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import { iamAdminPolicy } from '../aws/iam';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
  worstOf,
} from '../helpers';
import {
  addresses,
  linked,
  list,
  orphanOutcome,
  policyStatements,
  targetsOf,
} from './support';

const MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;
/** AWS managed policies that amount to administrator access. */
const ADMIN_MANAGED = new Set(['AdministratorAccess', 'IAMFullAccess']);

type Statements = ReturnType<typeof policyStatements> | 'hidden';

/**
 * The statements of a policy resource, parsed once per resource: the admin
 * rule and the IAM-wildcard rule both read them.
 */
const statementsCache = new WeakMap<PlanResource, Statements>();

function statementsOf(policy: PlanResource, ctx: RuleContext): Statements {
  let found = statementsCache.get(policy);
  if (found === undefined) {
    const doc = ctx.read(policy, ['policy']);
    found = doc.state === 'known' ? policyStatements(doc.value) : 'hidden';
    statementsCache.set(policy, found);
  }
  return found;
}

/** Whether a statement allows one of `actions` on every resource. */
function allowsOnEverything(
  s: JsonObject,
  actions: ReadonlySet<string>,
): string | undefined {
  if (s.Effect !== 'Allow') return undefined;
  // NotResource allows every resource but the ones it names.
  const everyResource =
    list(s.Resource).includes('*') ||
    (s.Resource === undefined && s.NotResource !== undefined);
  if (!everyResource) return undefined;
  return list(s.Action).find(a => actions.has(a.toLowerCase()));
}

const ADMIN_ACTIONS = new Set(['*', '*:*']);
const ALL_IAM_ACTIONS = new Set(['*', '*:*', 'iam:*']);

/** "*" on "*" in a policy resource of the plan. */
function adminDocument(policy: PlanResource, ctx: RuleContext): RuleOutcome {
  const statements = statementsOf(policy, ctx);
  if (statements === 'hidden') return hiddenUntilApply('The policy document');
  if (!statements)
    return unknown(
      'The policy document is not valid JSON and could not be checked.',
    );
  for (const s of statements)
    if (allowsOnEverything(s, ADMIN_ACTIONS))
      return fail(
        'A statement allows Action "*" on Resource "*" (full administrator access).',
      );
  return pass('No statement allows "*" on "*".');
}

/** One attachment: an AWS managed admin policy, or a policy of this plan. */
function judgeAttachment(
  attachment: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  const t = targetsOf(ctx, attachment, 'policy_arn');
  if (t.kind === 'found') {
    const o = adminDocument(t.targets[0], ctx);
    if (o.verdict === 'fail')
      return fail(
        `${t.targets[0].address}, attached by ${attachment.address}: ${o.message}`,
      );
    return o.verdict === 'unknown' ? o : pass('');
  }
  if (t.kind === 'hidden')
    return hiddenUntilApply(`policy_arn of ${attachment.address}`);
  const name =
    t.kind === 'outside'
      ? MANAGED_POLICY.exec(String(t.value))?.[1]
      : undefined;
  if (name && ADMIN_MANAGED.has(name))
    return fail(
      `${attachment.address} attaches the AWS managed policy ${name}.`,
    );
  return pass('');
}

/**
 * Admin access through the policy resources linked to a role: inline
 * aws_iam_role_policy and aws_iam_role_policy_attachment. The role's own
 * inline_policy blocks and managed_policy_arns are GW-AWS-029's, judged
 * there once (`withOwn` adds them where no other rule judges the role).
 */
export function judgeRole(
  role: PlanResource,
  ctx: RuleContext,
  withOwn = false,
): RuleOutcome {
  const own = withOwn ? iamAdminPolicy.check(role, ctx) : undefined;
  if (own?.verdict === 'fail') return own;
  const outcomes: RuleOutcome[] = [];
  const inline = linked(ctx, role, 'aws_iam_role_policy', 'role');
  for (const p of inline.found) {
    const o = adminDocument(p, ctx);
    if (o.verdict === 'fail' || o.verdict === 'unknown')
      outcomes.push({ ...o, message: `${p.address}: ${o.message}` });
  }
  const attached = linked(ctx, role, 'aws_iam_role_policy_attachment', 'role');
  for (const a of attached.found) outcomes.push(judgeAttachment(a, ctx));
  const worst = worstOf(outcomes);
  if (worst?.verdict === 'fail') return worst;
  const orphans = [...inline.orphans, ...attached.orphans];
  if (worst) return worst;
  if (own?.verdict === 'unknown') return own;
  if (orphans.length > 0)
    return orphanOutcome('policy (inline or attached)', orphans);
  const n = inline.found.length + attached.found.length;
  return pass(
    `No administrator access through the role or its ${n} linked policy resource(s).`,
  );
}

const roleRemediation = [
  'resource "aws_iam_role_policy" "app" {',
  '  role   = aws_iam_role.app.name',
  '  policy = data.aws_iam_policy_document.app.json # named actions on named resources',
  '}',
].join('\n');

export const roleNoAdmin = resourceRule(
  {
    id: 'GW-AWS-409',
    title:
      'IAM roles get no administrator access through attached or inline policies',
    severity: 'critical',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'A role is only as narrow as everything attached to it; a separate attachment or inline ' +
      'policy resource granting "*" on "*" makes any workload that assumes it an administrator. ' +
      "The role's own inline_policy and managed_policy_arns are judged by GW-AWS-029.",
    remediation: {
      text: 'Replace admin policies on the role with the actions and resources the workload uses.',
      terraform: roleRemediation,
    },
    references: {
      checkov: ['CKV2_AWS_56'],
      docs: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      ],
    },
  },
  (role, ctx) => judgeRole(role, ctx),
);

export const noFullIamAccess = resourceRule(
  {
    id: 'GW-AWS-410',
    title:
      'IAM policies do not allow every IAM action ("iam:*") on every resource',
    severity: 'high',
    resourceTypes: [
      'aws_iam_policy',
      'aws_iam_role_policy',
      'aws_iam_user_policy',
      'aws_iam_group_policy',
    ],
    rationale:
      'Whoever holds iam:* on "*" can create users, attach any policy and so grant themselves ' +
      'anything: it is administrator access one step removed.',
    remediation: {
      text: 'Grant the IAM actions the workload needs on the roles or users it manages.',
      terraform: [
        'resource "aws_iam_policy" "deployer" {',
        '  name   = "deployer"',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect   = "Allow"',
        '      Action   = ["iam:PassRole"]',
        '      Resource = aws_iam_role.app.arn',
        '    }]',
        '  })',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_40'],
      docs: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
      ],
    },
  },
  (policy, ctx) => {
    const statements = statementsOf(policy, ctx);
    if (statements === 'hidden') return hiddenUntilApply('policy');
    if (!statements)
      return fail('policy is not valid JSON and could not be checked.');
    for (const s of statements) {
      const all = allowsOnEverything(s, ALL_IAM_ACTIONS);
      if (all)
        return fail(
          `A statement allows Action "${all}" on Resource "*": every IAM action.`,
        );
    }
    return pass('No statement allows every IAM action on every resource.');
  },
);

export const instanceHasRole = resourceRule(
  {
    id: 'GW-AWS-411',
    title: 'EC2 instances run with an IAM instance profile',
    severity: 'low',
    resourceTypes: ['aws_instance'],
    rationale:
      'Without an instance profile, software on the instance reaches AWS with long-lived keys ' +
      'copied onto the disk; a profile gives it short-lived credentials and an auditable role.',
    remediation: {
      text: 'Attach an instance profile for a role with only the permissions the instance needs.',
      terraform: [
        'resource "aws_instance" "app" {',
        '  ami                  = data.aws_ami.al2023.id',
        '  instance_type        = "t3.micro"',
        '  iam_instance_profile = aws_iam_instance_profile.app.name',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_41'],
      docs: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html',
      ],
    },
  },
  (instance, ctx) => {
    const read = ctx.read(instance, ['iam_instance_profile']);
    if (read.state === 'known')
      return typeof read.value === 'string' && read.value
        ? pass(`iam_instance_profile is ${read.value}.`)
        : fail('iam_instance_profile is not set; attach an instance profile.');
    return read.configured
      ? pass('iam_instance_profile is set (its name is known after apply).')
      : fail('iam_instance_profile is not set; attach an instance profile.');
  },
);

export const userNoConsole = resourceRule(
  {
    id: 'GW-AWS-412',
    title: 'IAM users have no console password',
    severity: 'medium',
    resourceTypes: ['aws_iam_user'],
    rationale:
      'People should sign in through the identity provider (IAM Identity Center); a console ' +
      'password on an IAM user is a long-lived credential outside it.',
    remediation: {
      text: 'Remove the aws_iam_user_login_profile and give people access through IAM Identity Center.',
      terraform: [
        'resource "aws_iam_user" "ci" {',
        '  name = "ci" # programmatic only: no aws_iam_user_login_profile',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_22'],
      docs: [
        'https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html',
      ],
    },
  },
  (user, ctx) => {
    const { found, orphans } = linked(
      ctx,
      user,
      'aws_iam_user_login_profile',
      'user',
    );
    if (found.length > 0)
      return fail(
        `${addresses(
          found,
        )} gives the user a console password (aws_iam_user_login_profile).`,
      );
    if (orphans.length > 0) return orphanOutcome('login profile', orphans);
    return pass(
      'No aws_iam_user_login_profile gives the user a console password.',
    );
  },
);

export const notebookRoleNotAdmin = resourceRule(
  {
    id: 'GW-AWS-413',
    title: 'SageMaker notebook instances do not run with an administrator role',
    severity: 'high',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      'Everyone who can open the notebook acts with its role; an admin role turns a data ' +
      "scientist's scratchpad into a console with full access.",
    remediation: {
      text: 'Give the notebook a role limited to its buckets and SageMaker actions.',
      terraform: [
        'resource "aws_sagemaker_notebook_instance" "ml" {',
        '  name          = "ml"',
        '  instance_type = "ml.t3.medium"',
        '  role_arn      = aws_iam_role.notebook.arn # no AdministratorAccess',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_68'],
      docs: [
        'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html',
      ],
    },
  },
  (notebook, ctx) => {
    const t = targetsOf(ctx, notebook, 'role_arn');
    if (t.kind === 'found') {
      const o = judgeRole(t.targets[0], ctx, true);
      return o.verdict === 'pass'
        ? pass(`The role ${t.targets[0].address} has no administrator access.`)
        : { ...o, message: `${t.targets[0].address}: ${o.message}` };
    }
    if (t.kind === 'unset') return notApplicable('role_arn is not set.');
    return hiddenUntilApply(
      t.kind === 'hidden'
        ? 'role_arn (a reference the configuration does not resolve)'
        : `The policies of ${String(t.value)} (a role outside this plan)`,
    );
  },
);
