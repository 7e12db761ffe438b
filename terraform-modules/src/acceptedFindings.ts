import type { Finding } from '@groundwork/governance';

/**
 * Findings the factory's modules carry by design, each with why. Nothing
 * here reaches a blocking threshold (high in production, critical
 * elsewhere): a default that blocks its own gate is fixed in the module,
 * not listed here. Tests of the modules and of the templates that compose
 * them hold every other failure or unknown to zero, so a rule a module
 * starts to break is seen; an entry that no longer matches anything is
 * an error too (see modules.test.ts), so the list cannot go stale.
 */
export interface AcceptedFinding {
  ruleId: string;
  /** The resource address, or a prefix of it ending in `*`. */
  address: string;
  why: string;
}

export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    ruleId: 'GW-AWS-007',
    address: 'module.bootstrap.aws_s3_bucket.access_logs',
    why: 'S3 cannot write the access logs of the access-log bucket into itself.',
  },
  {
    ruleId: 'GW-AWS-213',
    address: 'module.database.aws_db_instance.this',
    why: 'Performance Insights and CloudWatch metrics are on; OS-level enhanced monitoring needs one more IAM role per database and is left to teams that tune at that level.',
  },
  {
    ruleId: 'GW-AWS-350',
    address: 'module.account_baseline.aws_cloudtrail.this',
    why: 'The trail delivers to S3 with log file validation (and to CloudWatch Logs in production, where alarms read it); an SNS message per log file has no consumer.',
  },
  {
    ruleId: 'GW-AWS-422',
    address: 'module.account_baseline.aws_cloudtrail.this',
    why: 'Outside production the trail stays in S3 only, which saves CloudWatch Logs ingestion; production sends it to CloudWatch Logs.',
  },
  {
    ruleId: 'GW-AZ-013',
    address: 'module.cluster.azurerm_kubernetes_cluster.this',
    why: 'Node disks use platform-managed keys; a disk encryption set per cluster is a choice for regulated data (etcd secrets already use a key in Key Vault).',
  },
  {
    ruleId: 'GW-AZ-016',
    address: 'module.cluster.azurerm_kubernetes_cluster.this',
    why: 'Encryption at host needs the EncryptionAtHost feature registered on the subscription, which a new subscription does not have.',
  },
  {
    ruleId: 'GW-AZ-017',
    address: 'module.cluster.azurerm_kubernetes_cluster.this',
    why: 'Kubernetes upgrades go through the platform (dev first, then promotion), not an unattended upgrade channel.',
  },
  {
    ruleId: 'GW-AZ-082',
    address: 'module.cluster.azurerm_kubernetes_cluster.this',
    why: 'The default pool also runs workloads in small clusters; a dedicated system pool is added when a cluster grows.',
  },
  {
    ruleId: 'GW-AZ-018',
    address: '*azurerm_storage_account.*',
    why: 'The accounts deny other networks by default (or serve through private access only); disabling the public endpoint entirely needs private endpoints and runners inside the VNet, which the modules do not assume.',
  },
  {
    ruleId: 'GW-AZ-021',
    address: '*azurerm_storage_account.*',
    why: 'The accounts hold blobs only; queue request logging has nothing to log.',
  },
  {
    ruleId: 'GW-AZ-022',
    address: '*azurerm_storage_account.*',
    why: 'The state account is versioned and zone-redundant in production, and flow logs are short-lived diagnostics; a second region doubles their cost for little that a regional outage would take.',
  },
  {
    ruleId: 'GW-AZ-023',
    address: '*azurerm_storage_account.*',
    why: 'Local SFTP users are off unless SFTP is enabled, which these accounts never enable; the rule asks for the flag to be written out.',
  },
  {
    ruleId: 'GW-AZ-025',
    address: '*azurerm_key_vault.*',
    why: 'The vaults deny other networks by default and use RBAC authorization; turning their public endpoint off needs private endpoints the modules do not assume.',
  },
  {
    ruleId: 'GW-AZ-029',
    address: '*azurerm_key_vault_key.*',
    why: 'HSM-backed keys need the Premium vault SKU; the modules use software keys in Standard vaults, which meet the encryption-at-rest baseline.',
  },
  {
    ruleId: 'GW-AZ-052',
    address: 'module.service.azurerm_container_registry.this[0]',
    why: 'The dev registry is pushed to from CI runners outside the VNet; production registries are private.',
  },
  {
    ruleId: 'GW-AZ-054',
    address: 'module.service.azurerm_container_registry.this[0]',
    why: 'Quarantine needs the Premium SKU; the dev registry is Standard.',
  },
  {
    ruleId: 'GW-AZ-086',
    address: 'module.service.azurerm_container_registry.this[0]',
    why: 'Retention of untagged manifests needs the Premium SKU; the dev registry is Standard.',
  },
  {
    ruleId: 'GW-GCP-036',
    address: 'module.cluster.google_container_cluster.this',
    why: 'Binary Authorization needs an attestor and a signing pipeline per organisation, which the platform does not set up yet; until it does, enforcing it would admit nothing.',
  },
  {
    ruleId: 'GW-GCP-037',
    address: 'module.cluster.google_container_cluster.this',
    why: 'Intranode visibility sends all pod-to-pod traffic through VPC flow logs, a large logging cost; network policy already governs that traffic.',
  },
  {
    ruleId: 'GW-GCP-049',
    address: 'module.account_baseline.google_storage_bucket.audit',
    why: 'In production the audit bucket has a locked retention policy, which keeps every object unchangeable until it expires; versioning adds nothing to that.',
  },
  {
    ruleId: 'GW-GCP-050',
    address: '*google_storage_bucket.*',
    why: 'The account baseline turns on Cloud Audit Logs data access logs (DATA_READ), which record access to these buckets; bucket access logs to another bucket are the legacy form of the same record.',
  },
  {
    ruleId: 'GW-GCP-084',
    address: 'module.cluster.google_container_cluster.this',
    why: 'Google Groups for RBAC needs a Workspace group named gke-security-groups in the organisation; the platform binds roles to users and service accounts from the persona files.',
  },
];

const matches = (pattern: string, address: string) => {
  if (!pattern.includes('*')) return pattern === address;
  const parts = pattern.split('*');
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const found = address.indexOf(parts[i], at);
    if (found < 0 || (i === 0 && found !== 0)) return false;
    at = found + parts[i].length;
  }
  return (
    parts[parts.length - 1] === '' || address.endsWith(parts[parts.length - 1])
  );
};

/** The accepted entry a finding falls under, if any. */
export function acceptedFor(
  finding: Pick<Finding, 'ruleId' | 'address'>,
): AcceptedFinding | undefined {
  return ACCEPTED_FINDINGS.find(
    a => a.ruleId === finding.ruleId && matches(a.address, finding.address),
  );
}
