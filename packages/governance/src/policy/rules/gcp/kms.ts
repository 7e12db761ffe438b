import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';
import { iamMembers, iamTypes } from './support';

const KEY_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/kms_crypto_key';
const MAX_ROTATION_DAYS = 90;
const DAY_SECONDS = 86_400;

/** `7776000s` → seconds; undefined for anything else. */
function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

export const kmsKeyRotation = resourceRule(
  {
    id: 'GW-GCP-051',
    title: `KMS keys rotate at least every ${MAX_ROTATION_DAYS} days`,
    severity: 'medium',
    resourceTypes: ['google_kms_crypto_key'],
    rationale:
      'Regular rotation limits how much data one key version protects and how long a leaked ' +
      'version stays useful; Cloud KMS rotates only when a rotation_period is set.',
    remediation: {
      text: `Set rotation_period to ${
        MAX_ROTATION_DAYS * DAY_SECONDS
      }s (${MAX_ROTATION_DAYS} days) or less.`,
      terraform: `resource "google_kms_crypto_key" "data" {\n  name            = "data"\n  key_ring        = google_kms_key_ring.main.id\n  rotation_period = "${
        MAX_ROTATION_DAYS * DAY_SECONDS
      }s"\n}`,
    },
    references: {
      checkov: ['CKV_GCP_43'],
      cis: ['CIS GCP Foundations v2.0.0 1.10'],
      docs: [KEY_DOCS],
    },
  },
  (key, ctx) => {
    const purpose = key.after?.purpose;
    if (typeof purpose === 'string' && purpose !== 'ENCRYPT_DECRYPT')
      return notApplicable(
        `A ${purpose} key: Cloud KMS rotates only symmetric encryption keys automatically.`,
      );
    const read = ctx.read(key, ['rotation_period']);
    if (read.state === 'unknown') return hiddenUntilApply('rotation_period');
    if (read.value === null)
      return fail('rotation_period is not set: the key never rotates.');
    const seconds = durationSeconds(read.value);
    if (seconds === undefined)
      return fail(
        `rotation_period is ${String(
          read.value,
        )}, not a duration in seconds such as "7776000s".`,
      );
    const days = seconds / DAY_SECONDS;
    return days <= MAX_ROTATION_DAYS
      ? pass(`rotation_period is ${days} days.`)
      : fail(
          `rotation_period is ${days} days; set it to ${MAX_ROTATION_DAYS} days or less.`,
        );
  },
);

const PUBLIC = ['allUsers', 'allAuthenticatedUsers'];

/** Members of an IAM policy document (`policy_data`), or the outcome. */
function policyMembers(
  policy: PlanResource,
  ctx: RuleContext,
): string[] | RuleOutcome {
  const read = ctx.read(policy, ['policy_data']);
  if (read.state === 'unknown') return hiddenUntilApply('policy_data');
  if (typeof read.value !== 'string')
    return fail('policy_data is not set; it must be an IAM policy document.');
  let doc: unknown;
  try {
    doc = JSON.parse(read.value);
  } catch {
    return fail(
      'policy_data is not valid JSON; build it with data.google_iam_policy.',
    );
  }
  const bindings = (doc as { bindings?: unknown })?.bindings;
  if (!Array.isArray(bindings)) return [];
  return bindings.flatMap(b =>
    Array.isArray(b?.members)
      ? b.members.filter((m: unknown): m is string => typeof m === 'string')
      : [],
  );
}

export const kmsKeyNotPublic = resourceRule(
  {
    id: 'GW-GCP-052',
    title: 'KMS keys are not granted to allUsers or allAuthenticatedUsers',
    severity: 'critical',
    resourceTypes: [
      ...iamTypes('google_kms_crypto_key'),
      'google_kms_crypto_key_iam_policy',
    ],
    rationale:
      'Anyone who can use a key can decrypt what it protects; a public grant hands every ' +
      'ciphertext under that key to the internet.',
    remediation: {
      text: 'Grant key roles to named service accounts only.',
      terraform:
        'resource "google_kms_crypto_key_iam_member" "app" {\n  crypto_key_id = google_kms_crypto_key.data.id\n  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"\n  member        = "serviceAccount:${google_service_account.app.email}"\n}',
    },
    references: {
      checkov: ['CKV_GCP_112'],
      cis: ['CIS GCP Foundations v2.0.0 1.9'],
      docs: [
        'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_kms_crypto_key_iam',
      ],
    },
  },
  (grant, ctx) => {
    const members = grant.type.endsWith('_policy')
      ? policyMembers(grant, ctx)
      : iamMembers(grant, ctx);
    if (!Array.isArray(members)) return members;
    const pub = members.filter(m => PUBLIC.includes(m));
    return pub.length > 0
      ? fail(`The key is granted to ${pub.join(', ')} (member/members).`)
      : pass(`Granted to ${members.length} named principal(s).`);
  },
);
