import type { JsonObject, JsonValue, PlanResource } from '../../../plan/types';
import { parsePolicyJson } from '../policyJson';
import { readExpression } from '../../../plan/configIndex';
import {
  asObject,
  asStringList,
  blocks,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
  warn,
} from '../helpers';

const POLICY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];

/** Resources that attach a managed policy by ARN. */
const ATTACHMENT_TYPES = [
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
];

/** AWS's own full-administrator managed policy, in every partition. */
const ADMINISTRATOR_ACCESS =
  /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/**
 * A managed policy attachment: AdministratorAccess fails; an ARN only known
 * after apply is a policy this plan creates (judged as aws_iam_policy) when
 * the configuration says so, and unknown otherwise.
 */
function judgeAttachment(
  resource: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  const attr =
    resource.type === 'aws_iam_role' ? 'managed_policy_arns' : 'policy_arn';
  const read = ctx.read(resource, [attr]);
  const arns = read.state === 'known' ? asStringList(read.value) : [];
  const admin = arns.find(a => ADMINISTRATOR_ACCESS.test(a));
  if (admin) {
    return fail(
      `${admin} is attached: full administrator access ("*" on "*").`,
    );
  }
  if (
    read.state === 'unknown' ||
    maskHidesAnyAt(resource.afterUnknown, [attr])
  ) {
    if (read.state === 'unknown' && !read.configured)
      return pass('No managed policy is attached.');
    const refs =
      readExpression(ctx.plan.config.resourceOf(resource)?.expressions[attr])
        ?.references ?? [];
    if (refs.length > 0 && refs.every(r => r.startsWith('aws_iam_policy.'))) {
      return notApplicable(
        `Attaches ${
          refs[refs.length - 1]
        }, created in this plan and judged on its own.`,
      );
    }
    return hiddenUntilApply(`The attached policy ARN (${attr})`);
  }
  return arns.length > 0
    ? pass('No AdministratorAccess attachment.')
    : notApplicable('No managed policy is attached.');
}

function statements(document: JsonValue): JsonObject[] {
  const doc =
    typeof document === 'string' ? parsePolicyJson(document) : document;
  return blocks(asObject(doc ?? null)?.Statement ?? null);
}

/** Documents of a resource: the policy attribute, or a role's inline policies. */
function policyDocuments(
  resource: PlanResource,
  ctx: RuleContext,
): Array<JsonValue> | 'hidden' {
  if (resource.type === 'aws_iam_role') {
    const inline = ctx.read(resource, ['inline_policy']);
    if (inline.state === 'unknown') return inline.configured ? 'hidden' : [];
    // The provider reports one empty inline_policy block when a role has none.
    return blocks(inline.value)
      .map(b => b.policy ?? null)
      .filter(p => !(typeof p === 'string' && p.trim() === ''));
  }
  const read = ctx.read(resource, ['policy']);
  if (read.state === 'unknown') return 'hidden';
  return [read.value];
}

export const iamAdminPolicy = resourceRule(
  {
    id: 'GW-AWS-029',
    title: 'IAM policies do not allow "*" actions on "*" resources',
    severity: 'critical',
    resourceTypes: [...POLICY_TYPES, ...ATTACHMENT_TYPES, 'aws_iam_role'],
    rationale:
      'Action "*" on Resource "*" is full administrator access: whoever holds it can disable ' +
      'logging, read every secret and create new admins.',
    remediation: {
      text: 'Grant the specific actions on the specific resources the workload uses; do not attach AdministratorAccess to workload roles, users or groups.',
      terraform: [
        'data "aws_iam_policy_document" "app" {',
        '  statement {',
        '    actions   = ["s3:GetObject", "s3:PutObject"]',
        '    resources = ["${aws_s3_bucket.uploads.arn}/*"]',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_62', 'CKV_AWS_1', 'CKV_AWS_274'],
      cis: ['CIS AWS Foundations v1.5.0 1.16'],
    },
  },
  (resource, ctx): RuleOutcome => {
    if (ATTACHMENT_TYPES.includes(resource.type))
      return judgeAttachment(resource, ctx);
    const outcome = judgeDocuments(resource, ctx);
    if (resource.type !== 'aws_iam_role' || outcome.verdict === 'fail')
      return outcome;
    const attached = judgeAttachment(resource, ctx);
    return attached.verdict === 'fail' || attached.verdict === 'unknown'
      ? attached
      : outcome;
  },
);

/** What the statements of a resource's policy documents allow. */
function judgeDocuments(resource: PlanResource, ctx: RuleContext): RuleOutcome {
  const docs = policyDocuments(resource, ctx);
  if (docs === 'hidden') return hiddenUntilApply('The policy document');
  if (docs.length === 0) return notApplicable('No inline policy.');
  const broad: string[] = [];
  for (const doc of docs) {
    if (doc === null || (typeof doc === 'string' && doc.trim() === '')) {
      return unknown(
        'The policy document is empty in the plan, so it could not be checked.',
      );
    }
    // Parsed once: the plan prints policies as JSON text.
    const parsed = typeof doc === 'string' ? parsePolicyJson(doc) : doc;
    if (parsed === undefined) {
      return warn(
        'The policy document is not valid JSON and could not be checked.',
      );
    }
    for (const s of statements(parsed)) {
      if (s.Effect !== 'Allow') continue;
      const actions = asStringList(s.Action);
      const resources = asStringList(s.Resource);
      // NotResource allows every resource but the ones it names.
      const everyResource =
        resources.includes('*') ||
        (s.Resource === undefined && s.NotResource !== undefined);
      if (!everyResource) continue;
      if (actions.includes('*') || actions.includes('*:*')) {
        return fail(
          'A statement allows Action "*" on Resource "*" (full administrator access).',
        );
      }
      if (s.Action === undefined && s.NotAction !== undefined) {
        broad.push(
          `NotAction ${JSON.stringify(s.NotAction)} (every other action)`,
        );
      }
      broad.push(...actions.filter(a => a.endsWith(':*')));
    }
  }
  if (broad.length > 0) {
    return warn(
      `Service-wide wildcards on every resource: ${[...new Set(broad)].join(
        ', ',
      )}.`,
    );
  }
  return pass('No statement allows "*" on "*".');
}
