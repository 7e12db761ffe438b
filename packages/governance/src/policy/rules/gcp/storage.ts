import { asStringList } from '../../../plan/values';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
} from '../helpers';

export const gcsUniformAccess = resourceRule(
  {
    id: 'GW-GCP-006',
    title: 'Cloud Storage buckets use uniform bucket-level access',
    severity: 'medium',
    resourceTypes: ['google_storage_bucket'],
    rationale:
      'Per-object ACLs make it impossible to reason about who can read a bucket; IAM-only access can be audited.',
    remediation: {
      text: 'Set uniform_bucket_level_access = true.',
      terraform:
        'resource "google_storage_bucket" "data" {\n  name                        = "acme-data"\n  location                    = "EU"\n  uniform_bucket_level_access = true\n}',
    },
    references: {
      checkov: ['CKV_GCP_29'],
      cis: ['CIS GCP Foundations v2.0.0 5.2'],
    },
  },
  (bucket, ctx) =>
    expectTrue(
      ctx,
      bucket,
      ['uniform_bucket_level_access'],
      'Uniform bucket-level access',
    ),
);

const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
const IAM_TYPES = [
  'google_storage_bucket_iam_member',
  'google_storage_bucket_iam_binding',
  'google_project_iam_member',
  'google_project_iam_binding',
  'google_compute_instance_iam_member',
  'google_compute_instance_iam_binding',
  'google_cloud_run_service_iam_member',
  'google_cloud_run_service_iam_binding',
  'google_cloudfunctions_function_iam_member',
  'google_cloudfunctions_function_iam_binding',
  'google_pubsub_topic_iam_member',
  'google_bigquery_dataset_iam_member',
];

export const gcpPublicIamMember = resourceRule(
  {
    id: 'GW-GCP-007',
    title: 'IAM grants do not include allUsers or allAuthenticatedUsers',
    severity: 'critical',
    resourceTypes: IAM_TYPES,
    rationale:
      'allUsers is anyone on the internet; allAuthenticatedUsers is anyone with any Google ' +
      'account. Either turns the resource public.',
    remediation: {
      text: 'Grant the role to specific users, groups or service accounts.',
      terraform:
        'resource "google_storage_bucket_iam_member" "reader" {\n  bucket = google_storage_bucket.data.name\n  role   = "roles/storage.objectViewer"\n  member = "group:analysts@example.com"\n}',
    },
    references: {
      checkov: ['CKV_GCP_28'],
      cis: ['CIS GCP Foundations v2.0.0 5.1'],
    },
  },
  (grant, ctx) => {
    const attr = grant.type.endsWith('_binding') ? 'members' : 'member';
    const read = ctx.read(grant, [attr]);
    if (read.state === 'unknown') return hiddenUntilApply(attr);
    const members = asStringList(read.value);
    const pub = members.filter(m => PUBLIC_MEMBERS.includes(m));
    return pub.length > 0
      ? fail(`${String(grant.after?.role)} is granted to ${pub.join(', ')}.`)
      : pass(`Granted to ${members.length} named principal(s).`);
  },
);
