import type { CoverageExclusion } from './types';

/** Checkov checks in this area that have no Groundwork rule, and why. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  {
    checkov: 'CKV_GCP_102',
    reason: 'duplicate',
    coveredBy: 'GW-GCP-007',
    note: 'GW-GCP-007 already fails allUsers and allAuthenticatedUsers on google_cloud_run_service_iam_member and _binding, the types this check reads.',
  },
  {
    checkov: 'CKV_GCP_80',
    reason: 'judged-wrong',
    note: 'A table without encryption_configuration inherits its dataset default_encryption_configuration, so this check fails CMEK-encrypted tables; GW-GCP-060 asks for the key on the dataset, where it applies to every table.',
  },
  {
    checkov: 'CKV_GCP_113',
    reason: 'out-of-scope',
    note: 'data.google_iam_policy only builds a document; it grants nothing until a *_iam_policy resource attaches it, and GW-GCP-052 judges the attached KMS policy_data.',
  },
  {
    checkov: 'CKV_GCP_82',
    reason: 'not-in-plan',
    note: 'The check asks for lifecycle { prevent_destroy = true }; Terraform enforces that while planning and the plan JSON does not carry lifecycle arguments.',
  },
  {
    checkov: 'CKV_GCP_24',
    reason: 'judged-wrong',
    note: 'PodSecurityPolicy was removed in GKE 1.25 and pod_security_policy_config is gone from the current provider; every supported cluster would fail.',
  },
  {
    checkov: 'CKV_GCP_79',
    reason: 'out-of-scope',
    note: 'Which Cloud SQL major version is latest changes with each release, so a fixed list goes stale; version upgrades are tracked on the platform upgrade calendar, not per plan.',
  },
  {
    checkov: 'CKV_GCP_76',
    reason: 'judged-wrong',
    note: 'The check fails every subnet without private_ipv6_google_access, IPv4-only ones included; GW-GCP-046 asks for Private Google Access on the addresses the subnet has.',
  },
  {
    checkov: 'CKV_GCP_73',
    reason: 'out-of-scope',
    note: 'A Cloud Armor rule against Log4Shell matters only for Java backends, which a plan does not show; WAF rule sets are left to the team that owns the service.',
  },
];
