import type { CoverageExclusion } from './types';

/**
 * Checkov checks on the Azure types the pack has rules for, judged not to
 * need a rule of their own, and why.
 */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  // Questions another rule already answers.
  {
    checkov: 'CKV_AZURE_1',
    reason: 'duplicate',
    coveredBy: 'GW-AZ-005',
    note: 'Asks that Linux VMs disable password authentication, the same setting GW-AZ-005 judges (CKV_AZURE_149).',
  },
  {
    checkov: 'CKV_AZURE_49',
    reason: 'duplicate',
    coveredBy: 'GW-AZ-005',
    note: 'The scale-set variant of the password-authentication check; GW-AZ-005 judges azurerm_linux_virtual_machine_scale_set too.',
  },
  {
    checkov: 'CKV_AZURE_178',
    reason: 'duplicate',
    coveredBy: 'GW-AZ-005',
    note: 'With password authentication disabled (GW-AZ-005) the provider requires an admin_ssh_key, so the VM signs in with SSH keys.',
  },
  {
    checkov: 'CKV_AZURE_42',
    reason: 'duplicate',
    coveredBy: 'GW-AZ-006',
    note: 'A vault is recoverable when purge protection is on (soft delete can no longer be turned off); GW-AZ-006 judges purge_protection_enabled.',
  },
  {
    checkov: 'CKV_AZURE_2',
    reason: 'duplicate',
    coveredBy: 'GW-AZ-058',
    note: 'Passes on a disk encryption set or legacy encryption_settings; server-side encryption with platform keys is always on, and GW-AZ-058 asks for the customer-managed key.',
  },
  // Settings that no longer exist or that the provider already enforces.
  {
    checkov: 'CKV_AZURE_111',
    reason: 'judged-wrong',
    note: 'soft_delete_enabled was removed in azurerm 3.0 and Azure enforces soft delete on every vault, so the check cannot fail on a current plan.',
  },
  {
    checkov: 'CKV_AZURE_8',
    reason: 'not-in-plan',
    note: 'The Kubernetes dashboard add-on (addon_profile.kube_dashboard) was removed from AKS 1.19+ and from azurerm 3.0; no current plan can enable it.',
  },
  {
    checkov: 'CKV_AZURE_92',
    reason: 'judged-wrong',
    note: 'azurerm_linux_virtual_machine and azurerm_windows_virtual_machine only create managed disks; the check can only fail on the deprecated azurerm_virtual_machine with a vhd_uri.',
  },
  {
    checkov: 'CKV_AZURE_43',
    reason: 'judged-wrong',
    note: 'Storage account names are validated by the azurerm provider at plan time; an invalid name never reaches a plan.',
  },
  // Checks whose demand a platform team should not impose everywhere.
  {
    checkov: 'CKV_AZURE_50',
    reason: 'judged-wrong',
    note: 'Forbidding VM extensions also blocks the Azure Monitor agent, Defender for Servers and backup extensions, which the pack relies on (see GW-AZ-057).',
  },
  {
    checkov: 'CKV_AZURE_164',
    reason: 'judged-wrong',
    note: 'ACR content trust (Docker Content Trust / Notary v1) is being retired by Microsoft in favour of Notation signing, which a plan does not show.',
  },
  {
    checkov: 'CKV_AZURE_163',
    reason: 'judged-wrong',
    note: 'The check only asks for a Standard or Premium SKU; image scanning comes from Defender for Containers (GW-AZ-068), which scans registries of every SKU.',
  },
  {
    checkov: 'CKV_AZURE_221',
    reason: 'judged-wrong',
    note: 'Function apps with HTTP triggers usually serve the internet by design; the pack requires HTTPS (GW-AZ-038), TLS 1.2 (GW-AZ-039) and no CORS wildcard instead.',
  },
  {
    checkov: 'CKV_AZURE_222',
    reason: 'judged-wrong',
    note: 'Web apps usually serve the internet by design; the pack requires HTTPS, TLS 1.2 and authentication (GW-AZ-030, GW-AZ-031, GW-AZ-034) instead.',
  },
  {
    checkov: 'CKV_AZURE_56',
    reason: 'judged-wrong',
    note: 'Function apps are mostly called by services with function keys or managed identity tokens, or sit behind API Management; requiring App Service Authentication on each gives false findings.',
  },
  {
    checkov: 'CKV_AZURE_80',
    reason: 'judged-wrong',
    note: 'Which .NET Framework version is "latest" changes with every release; a fixed list in a rule goes stale. Runtime support belongs to dependency tooling.',
  },
  {
    checkov: 'CKV_AZURE_81',
    reason: 'judged-wrong',
    note: 'Which PHP version is "latest" changes with every release; a fixed list in a rule goes stale. Runtime support belongs to dependency tooling.',
  },
  {
    checkov: 'CKV_AZURE_82',
    reason: 'judged-wrong',
    note: 'Which Python version is "latest" changes with every release; a fixed list in a rule goes stale. Runtime support belongs to dependency tooling.',
  },
  {
    checkov: 'CKV_AZURE_83',
    reason: 'judged-wrong',
    note: 'Which Java version is "latest" changes with every release; a fixed list in a rule goes stale. Runtime support belongs to dependency tooling.',
  },
  {
    checkov: 'CKV_AZURE_88',
    reason: 'judged-wrong',
    note: 'Mounting Azure Files (storage_account blocks) is a storage design choice for apps that need shared files, not a security or reliability control.',
  },
  // Capacity and architecture choices left to the team.
  {
    checkov: 'CKV_AZURE_168',
    reason: 'out-of-scope',
    note: 'max_pods is node capacity planning (subnet size and IP plan), not a security control; the team sizes it.',
  },
  {
    checkov: 'CKV_AZURE_226',
    reason: 'out-of-scope',
    note: 'Ephemeral OS disks need VM sizes with a large enough cache or temp disk; whether to use them is a node sizing choice left to the team.',
  },
  {
    checkov: 'CKV_AZURE_165',
    reason: 'out-of-scope',
    note: 'Geo-replicating a registry only pays off for multi-region deployments and costs a Premium registry per region; the platform runs in one region.',
  },
  {
    checkov: 'CKV_AZURE_237',
    reason: 'out-of-scope',
    note: 'Dedicated data endpoints only narrow firewall allow-lists for clients behind strict egress rules; without them the registry is no less protected.',
  },
];
