import type { AttributePath } from '../../../plan/values';
import { expectAttribute, fail, pass, resourceRule } from '../helpers';
import { iamMembers, iamTypes } from './support';

const V1 = 'google_cloudfunctions_function';
const V2 = 'google_cloudfunctions2_function';

export const cloudFunctionIngress = resourceRule(
  {
    id: 'GW-GCP-064',
    title:
      'Cloud Functions accept traffic only from inside the VPC or a load balancer',
    severity: 'medium',
    resourceTypes: [V1, V2],
    rationale:
      'With ALLOW_ALL any address can call the function URL, so its authentication and code are ' +
      'the only defence; internal ingress keeps private functions off the internet.',
    remediation: {
      text: 'Set ingress_settings to ALLOW_INTERNAL_ONLY (or ALLOW_INTERNAL_AND_GCLB behind a load balancer with Cloud Armor).',
      terraform:
        'resource "google_cloudfunctions2_function" "worker" {\n  name     = "worker"\n  location = "europe-west1"\n  # ...\n  service_config {\n    ingress_settings = "ALLOW_INTERNAL_ONLY"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_124'],
      docs: [
        'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/cloudfunctions2_function',
      ],
    },
  },
  (fn, ctx) => {
    const path: AttributePath =
      fn.type === V2
        ? ['service_config', 0, 'ingress_settings']
        : ['ingress_settings'];
    const label =
      fn.type === V2 ? 'service_config.ingress_settings' : 'ingress_settings';
    return expectAttribute(ctx, fn, path, {
      label,
      compliant: v => typeof v === 'string' && v !== 'ALLOW_ALL',
      passMessage: `${label} limits callers`,
      failMessage: `${label} is ALLOW_ALL: any address can call the function`,
      providerDefault: 'ALLOW_ALL',
    });
  },
);

const PUBLIC = ['allUsers', 'allAuthenticatedUsers'];

/** IAM types with a public-grant Checkov check that GW-GCP-007 does not list. */
const MORE_IAM_TYPES = [
  ...iamTypes(V2),
  ...iamTypes('google_bigquery_table'),
  ...iamTypes('google_artifact_registry_repository'),
  ...iamTypes('google_dataproc_cluster'),
  'google_pubsub_topic_iam_binding',
];

export const gcpPublicIamMoreTypes = resourceRule(
  {
    id: 'GW-GCP-065',
    title:
      'IAM grants on functions, tables, registries, topics and Dataproc clusters are not public',
    severity: 'critical',
    resourceTypes: MORE_IAM_TYPES,
    rationale:
      'allUsers is anyone on the internet and allAuthenticatedUsers anyone with a Google account; ' +
      'granted on a function, table, image repository or cluster they expose code or data to both. ' +
      'GW-GCP-007 asks the same of the older types.',
    remediation: {
      text: 'Grant the role to named groups or service accounts; front public functions with a load balancer and Cloud Armor.',
      terraform:
        'resource "google_cloudfunctions2_function_iam_member" "invoker" {\n  cloud_function = google_cloudfunctions2_function.worker.name\n  location       = google_cloudfunctions2_function.worker.location\n  role           = "roles/cloudfunctions.invoker"\n  member         = "serviceAccount:${google_service_account.scheduler.email}"\n}',
    },
    references: {
      checkov: [
        'CKV_GCP_107',
        'CKV_GCP_100',
        'CKV_GCP_101',
        'CKV_GCP_98',
        'CKV_GCP_99',
      ],
    },
  },
  (grant, ctx) => {
    const members = iamMembers(grant, ctx);
    if (!Array.isArray(members)) return members;
    const pub = members.filter(m => PUBLIC.includes(m));
    return pub.length > 0
      ? fail(
          `${String(grant.after?.role)} is granted to ${pub.join(
            ', ',
          )} (member/members).`,
        )
      : pass(`Granted to ${members.length} named principal(s).`);
  },
);
