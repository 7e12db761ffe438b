import type { JsonValue } from '../../../../plan/types';
import { asNumber } from '../../../../plan/values';
import { resourceRule } from '../../helpers';
import { expectValue, isTrueValue, tfDoc } from './support';

const TYPE = 'aws_iam_account_password_policy';
const DOCS = [tfDoc(TYPE)];
const POLICY =
  'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length        = 14\n  require_lowercase_characters   = true\n  require_uppercase_characters   = true\n  require_numbers                = true\n  require_symbols                = true\n  password_reuse_prevention      = 24\n  max_password_age               = 90\n  allow_users_to_change_password = true\n}';

interface PasswordSetting {
  id: string;
  title: string;
  attribute: string;
  compliant: (v: JsonValue) => boolean;
  /** AWS's value when the policy leaves the setting out. */
  providerDefault: JsonValue;
  want: string;
  checkov: string;
  cis?: string;
  severity: 'medium' | 'low';
  rationale: string;
}

function passwordRule(s: PasswordSetting) {
  return resourceRule(
    {
      id: s.id,
      title: s.title,
      severity: s.severity,
      resourceTypes: [TYPE],
      rationale: s.rationale,
      remediation: { text: `Set ${s.attribute} ${s.want}.`, terraform: POLICY },
      references: {
        checkov: [s.checkov],
        cis: s.cis ? [s.cis] : [],
        docs: DOCS,
      },
    },
    (policy, ctx) =>
      expectValue(ctx, policy, [s.attribute], {
        label: s.attribute,
        compliant: s.compliant,
        providerDefault: s.providerDefault,
        passMessage: `${s.attribute} is ${s.want}`,
        failMessage: `${s.attribute} is not ${s.want}; set it`,
      }),
  );
}

const atLeast = (n: number) => (v: JsonValue) => (asNumber(v) ?? 0) >= n;

export const passwordMinLength = passwordRule({
  id: 'GW-AWS-357',
  title: 'IAM passwords are at least 14 characters',
  attribute: 'minimum_password_length',
  compliant: atLeast(14),
  providerDefault: 6,
  want: '14 or more',
  checkov: 'CKV_AWS_10',
  cis: 'CIS AWS Foundations v3.0.0 1.8',
  severity: 'medium',
  rationale:
    'Length is what makes a password hard to guess or crack; AWS accepts 6 characters unless told otherwise.',
});

export const passwordLowercase = passwordRule({
  id: 'GW-AWS-358',
  title: 'IAM passwords require a lowercase letter',
  attribute: 'require_lowercase_characters',
  compliant: isTrueValue,
  providerDefault: false,
  want: 'true',
  checkov: 'CKV_AWS_11',
  severity: 'low',
  rationale:
    'Character classes widen the space an attacker has to search for console passwords.',
});

export const passwordNumbers = passwordRule({
  id: 'GW-AWS-359',
  title: 'IAM passwords require a number',
  attribute: 'require_numbers',
  compliant: isTrueValue,
  providerDefault: false,
  want: 'true',
  checkov: 'CKV_AWS_12',
  severity: 'low',
  rationale:
    'Character classes widen the space an attacker has to search for console passwords.',
});

export const passwordReuse = passwordRule({
  id: 'GW-AWS-360',
  title: 'IAM passwords cannot reuse the last 24',
  attribute: 'password_reuse_prevention',
  compliant: atLeast(24),
  providerDefault: 0,
  want: '24 or more',
  checkov: 'CKV_AWS_13',
  cis: 'CIS AWS Foundations v3.0.0 1.9',
  severity: 'medium',
  rationale:
    'Without reuse prevention a password that leaked once can simply be set again after a reset.',
});

export const passwordSymbols = passwordRule({
  id: 'GW-AWS-361',
  title: 'IAM passwords require a symbol',
  attribute: 'require_symbols',
  compliant: isTrueValue,
  providerDefault: false,
  want: 'true',
  checkov: 'CKV_AWS_14',
  severity: 'low',
  rationale:
    'Character classes widen the space an attacker has to search for console passwords.',
});

export const passwordUppercase = passwordRule({
  id: 'GW-AWS-362',
  title: 'IAM passwords require an uppercase letter',
  attribute: 'require_uppercase_characters',
  compliant: isTrueValue,
  providerDefault: false,
  want: 'true',
  checkov: 'CKV_AWS_15',
  severity: 'low',
  rationale:
    'Character classes widen the space an attacker has to search for console passwords.',
});

export const passwordMaxAge = passwordRule({
  id: 'GW-AWS-363',
  title: 'IAM passwords expire within 90 days',
  attribute: 'max_password_age',
  compliant: v => {
    const days = asNumber(v) ?? 0;
    return days > 0 && days <= 90;
  },
  providerDefault: 0,
  want: 'between 1 and 90',
  checkov: 'CKV_AWS_9',
  severity: 'low',
  rationale:
    'Expiry bounds how long a leaked console password stays valid; teams that rely on SSO for people ' +
    'and keep IAM users for break-glass only may waive it.',
});
