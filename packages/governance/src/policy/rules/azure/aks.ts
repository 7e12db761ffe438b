import { asStringList } from '../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';
import {
  attrOf,
  blockAttrOf,
  docsOf,
  expectFlag,
  expectOneOf,
  expectSet,
} from './support';

const AKS = ['azurerm_kubernetes_cluster'];
const AKS_DOCS = [docsOf('azurerm_kubernetes_cluster')];

export const aksRbac = resourceRule(
  {
    id: 'GW-AZ-008',
    title: 'AKS clusters use Kubernetes RBAC',
    severity: 'high',
    resourceTypes: AKS,
    rationale:
      'Without Kubernetes RBAC every authenticated identity can do everything in the cluster; ' +
      'RBAC can only be turned on by recreating the cluster.',
    remediation: {
      text: 'Leave role_based_access_control_enabled = true (the default).',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  role_based_access_control_enabled = true\n}',
    },
    references: { checkov: ['CKV_AZURE_5'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(ctx, aks, ['role_based_access_control_enabled'], {
      want: true,
      byDefault: true,
      good: 'Kubernetes RBAC is on',
      bad: 'Kubernetes RBAC is off',
    }),
);

export const aksAzurePolicy = resourceRule(
  {
    id: 'GW-AZ-009',
    title: 'AKS clusters run the Azure Policy add-on',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'The add-on enforces admission policies (no privileged pods, allowed registries) that ' +
      'nothing else checks once workloads are deployed.',
    remediation: {
      text: 'Set azure_policy_enabled = true.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  azure_policy_enabled = true\n}',
    },
    references: { checkov: ['CKV_AZURE_116'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(ctx, aks, ['azure_policy_enabled'], {
      want: true,
      byDefault: false,
      good: 'The Azure Policy add-on is on',
      bad: 'The Azure Policy add-on is off',
    }),
);

const WORLD = new Set(['0.0.0.0/0', '0.0.0.0', '*']);

export const aksApiServerAccess = resourceRule(
  {
    id: 'GW-AZ-010',
    title: 'AKS API servers are private or limited to authorized IP ranges',
    severity: 'high',
    resourceTypes: AKS,
    rationale:
      'A public API server answers anyone on the internet; a private cluster or an allow-list of ' +
      'ranges keeps credential stuffing and API exploits away from the control plane.',
    remediation: {
      text: 'Set private_cluster_enabled = true, or list your ranges in api_server_access_profile.authorized_ip_ranges.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  api_server_access_profile {\n    authorized_ip_ranges = ["203.0.113.0/24"]\n  }\n}',
    },
    references: {
      // Checkov asks each alternative separately; either one closes the API server.
      checkov: ['CKV_AZURE_6', 'CKV_AZURE_115'],
      docs: AKS_DOCS,
    },
  },
  (aks, ctx) => {
    const priv = ctx.read(aks, ['private_cluster_enabled']);
    if (
      priv.state === 'known' &&
      (priv.value === true || priv.value === 'true')
    )
      return pass('The API server is private (private_cluster_enabled = true)');
    // azurerm before 3.39 had a top-level list; later ones use the block.
    const legacy = 'api_server_authorized_ip_ranges' in (aks.after ?? {});
    const path = legacy
      ? ['api_server_authorized_ip_ranges']
      : ['api_server_access_profile', 0, 'authorized_ip_ranges'];
    const label = legacy
      ? 'api_server_authorized_ip_ranges'
      : 'api_server_access_profile.authorized_ip_ranges';
    const ranges = ctx.read(aks, path);
    const list = ranges.state === 'known' ? asStringList(ranges.value) : [];
    if (list.some(r => WORLD.has(r.trim())))
      return fail(
        `${label} includes 0.0.0.0/0: the API server is open to the internet`,
      );
    if (list.length === 0) {
      // Neither alternative is known to close the API server yet.
      if (priv.state === 'unknown' && priv.configured)
        return hiddenUntilApply('private_cluster_enabled');
      if (ranges.state === 'unknown' && ranges.configured)
        return hiddenUntilApply(label);
      return fail(
        `The API server is public to every address: set private_cluster_enabled = true or ${label}`,
      );
    }
    return pass(`The API server accepts only ${label} (${list.join(', ')})`);
  },
);

export const aksNetworkPolicy = resourceRule(
  {
    id: 'GW-AZ-011',
    title: 'AKS clusters enforce a network policy',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'Without a network policy engine every pod can reach every other pod, so one compromised ' +
      'workload can talk to all the others; the engine is chosen at creation.',
    remediation: {
      text: 'Set network_profile.network_policy to "azure", "calico" or "cilium".',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  network_profile {\n    network_plugin = "azure"\n    network_policy = "azure"\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_7'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectOneOf(ctx, aks, ['network_profile', 0, 'network_policy'], {
      allowed: ['azure', 'calico', 'cilium'],
      // Without the attribute AKS installs no network policy engine.
      byDefault: 'none',
      good: 'A network policy engine is installed',
      bad: 'No network policy engine: every pod can reach every pod',
    }),
);

export const aksLocalAccounts = resourceRule(
  {
    id: 'GW-AZ-012',
    title: 'AKS clusters disable local accounts',
    severity: 'high',
    resourceTypes: AKS,
    rationale:
      'The local cluster-admin credential bypasses Entra ID, conditional access and audit of who ' +
      'did what; anyone holding the kubeconfig is admin.',
    remediation: {
      text: 'Set local_account_disabled = true and sign in through Entra ID (azure_active_directory_role_based_access_control).',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  local_account_disabled = true\n  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_141'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(ctx, aks, ['local_account_disabled'], {
      want: true,
      byDefault: false,
      good: 'Local accounts are disabled',
      bad: 'The local cluster-admin account is enabled',
    }),
);

export const aksDiskEncryptionSet = resourceRule(
  {
    id: 'GW-AZ-013',
    title: 'AKS node disks are encrypted with a customer-managed key',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'A disk encryption set puts node OS and data disks under a key the team controls and can ' +
      'revoke; it can only be set when the cluster is created.',
    remediation: {
      text: 'Set disk_encryption_set_id to an azurerm_disk_encryption_set backed by your Key Vault key.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  disk_encryption_set_id = azurerm_disk_encryption_set.aks.id\n}',
    },
    references: { checkov: ['CKV_AZURE_117'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectSet(ctx, aks, ['disk_encryption_set_id'], {
      good: 'Node disks use a customer-managed key',
      bad: 'Node disks use platform-managed keys only',
    }),
);

export const aksMonitoring = resourceRule(
  {
    id: 'GW-AZ-014',
    title: 'AKS clusters send container logs to Azure Monitor',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'Container Insights keeps node and container logs and metrics after pods are gone, which ' +
      'incident response depends on.',
    remediation: {
      text: 'Add an oms_agent block pointing at a Log Analytics workspace.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  oms_agent {\n    log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_4'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectSet(ctx, aks, ['oms_agent'], {
      good: 'Container Insights is on',
      bad: 'Container logs are not sent to Azure Monitor',
    }),
);

export const aksNodePublicIp = resourceRule(
  {
    id: 'GW-AZ-015',
    title: 'AKS nodes have no public IP addresses',
    severity: 'high',
    resourceTypes: AKS,
    rationale:
      'A public IP on each node exposes kubelet and every host port to the internet, around the ' +
      "cluster's load balancer and network rules.",
    remediation: {
      text: 'Leave default_node_pool.node_public_ip_enabled false (enable_node_public_ip before azurerm 4.0).',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  default_node_pool {\n    name                   = "system"\n    vm_size                = "Standard_D4s_v5"\n    node_public_ip_enabled = false\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_143'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(
      ctx,
      aks,
      blockAttrOf(aks, 'default_node_pool', [
        'node_public_ip_enabled',
        'enable_node_public_ip',
      ]),
      {
        want: false,
        byDefault: false,
        good: 'Nodes have private addresses only',
        bad: 'Nodes get public IP addresses',
      },
    ),
);

export const aksHostEncryption = resourceRule(
  {
    id: 'GW-AZ-016',
    title: 'AKS nodes encrypt temp disks and caches at the host',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'Server-side encryption does not cover temporary disks and disk caches; encryption at host ' +
      'does, so no node data sits unencrypted on the hypervisor.',
    remediation: {
      text: 'Set default_node_pool.host_encryption_enabled = true (enable_host_encryption before azurerm 4.0); the subscription needs the EncryptionAtHost feature.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  default_node_pool {\n    name                    = "system"\n    vm_size                 = "Standard_D4s_v5"\n    host_encryption_enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_227'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(
      ctx,
      aks,
      blockAttrOf(aks, 'default_node_pool', [
        'host_encryption_enabled',
        'enable_host_encryption',
      ]),
      {
        want: true,
        byDefault: false,
        good: 'Encryption at host is on',
        bad: 'Temp disks and caches are not encrypted at the host',
      },
    ),
);

export const aksUpgradeChannel = resourceRule(
  {
    id: 'GW-AZ-017',
    title: 'AKS clusters follow an automatic upgrade channel',
    severity: 'low',
    resourceTypes: AKS,
    rationale:
      'Clusters left on one Kubernetes version fall out of support and miss security patches; an ' +
      'upgrade channel keeps them current inside the maintenance window.',
    remediation: {
      text: 'Set automatic_upgrade_channel (automatic_channel_upgrade before azurerm 4.0) to "patch" or "stable".',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  automatic_upgrade_channel = "patch"\n}',
    },
    references: { checkov: ['CKV_AZURE_171'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectOneOf(
      ctx,
      aks,
      [attrOf(aks, ['automatic_upgrade_channel', 'automatic_channel_upgrade'])],
      {
        allowed: ['patch', 'stable', 'rapid', 'node-image'],
        byDefault: 'none',
        good: 'The cluster upgrades automatically',
        bad: 'No automatic upgrade channel is set',
      },
    ),
);

export const aksPaidTier = resourceRule(
  {
    id: 'GW-AZ-080',
    title: 'Production AKS clusters use a tier with an uptime SLA',
    severity: 'medium',
    resourceTypes: AKS,
    productionOnly: true,
    rationale:
      'The Free tier has no financially backed API server SLA and fewer control plane resources; ' +
      'production clusters need the Standard (formerly Paid) tier.',
    remediation: {
      text: 'Set sku_tier = "Standard" (or "Premium").',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  sku_tier = "Standard"\n}',
    },
    references: { checkov: ['CKV_AZURE_170'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectOneOf(ctx, aks, ['sku_tier'], {
      // "Paid" is the azurerm 3 name of Standard.
      allowed: ['Standard', 'Premium', 'Paid'],
      byDefault: 'Free',
      good: 'The API server has an uptime SLA',
      bad: 'The Free tier has no uptime SLA',
    }),
);

export const aksSecretRotation = resourceRule(
  {
    id: 'GW-AZ-081',
    title: 'AKS Key Vault secrets provider rotates secrets',
    severity: 'low',
    resourceTypes: AKS,
    rationale:
      'Without rotation, pods keep the secret value they mounted at start, so a rotated credential ' +
      'breaks them or the old one stays in use.',
    remediation: {
      text: 'Set key_vault_secrets_provider.secret_rotation_enabled = true.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  key_vault_secrets_provider {\n    secret_rotation_enabled  = true\n    secret_rotation_interval = "2m"\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_172'], docs: AKS_DOCS },
  },
  (aks, ctx) => {
    const provider = ctx.read(aks, ['key_vault_secrets_provider']);
    if (
      provider.state === 'known' &&
      !(Array.isArray(provider.value) && provider.value.length > 0)
    )
      return notApplicable(
        'The cluster does not use the Key Vault secrets provider (key_vault_secrets_provider is not set).',
      );
    return expectFlag(
      ctx,
      aks,
      ['key_vault_secrets_provider', 0, 'secret_rotation_enabled'],
      {
        want: true,
        byDefault: false,
        good: 'Mounted secrets follow rotations',
        bad: 'Mounted secrets are never refreshed',
      },
    );
  },
);

export const aksSystemPoolCriticalOnly = resourceRule(
  {
    id: 'GW-AZ-082',
    title: 'AKS system node pools run only critical add-ons',
    severity: 'low',
    resourceTypes: AKS,
    rationale:
      'Application pods on the system pool compete with CoreDNS and metrics-server; one noisy ' +
      'workload can then take cluster DNS down.',
    remediation: {
      text: 'Set default_node_pool.only_critical_addons_enabled = true and run workloads on user node pools.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  default_node_pool {\n    name                         = "system"\n    vm_size                      = "Standard_D4s_v5"\n    only_critical_addons_enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_232'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(
      ctx,
      aks,
      ['default_node_pool', 0, 'only_critical_addons_enabled'],
      {
        want: true,
        byDefault: false,
        good: 'The system pool is kept for critical add-ons',
        bad: 'Application pods may run on the system pool',
      },
    ),
);

export const aksHttpApplicationRouting = resourceRule(
  {
    id: 'GW-AZ-083',
    title: 'AKS clusters do not use the HTTP application routing add-on',
    severity: 'medium',
    resourceTypes: AKS,
    rationale:
      'The add-on publishes ingresses on public DNS names without TLS and is not meant for ' +
      'production; Microsoft has retired it in favour of the application routing add-on.',
    remediation: {
      text: 'Set http_application_routing_enabled = false and use web_app_routing or your own ingress controller.',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  http_application_routing_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_246'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectFlag(ctx, aks, ['http_application_routing_enabled'], {
      want: false,
      byDefault: false,
      good: 'The HTTP application routing add-on is off',
      bad: 'The HTTP application routing add-on is on',
    }),
);

export const aksScaleSetPools = resourceRule(
  {
    id: 'GW-AZ-084',
    title: 'AKS default node pools use virtual machine scale sets',
    severity: 'low',
    resourceTypes: AKS,
    rationale:
      'Availability-set pools cannot autoscale, use multiple node pools or availability zones; ' +
      'the pool type is fixed at creation.',
    remediation: {
      text: 'Leave default_node_pool.type = "VirtualMachineScaleSets" (the default).',
      terraform:
        'resource "azurerm_kubernetes_cluster" "main" {\n  # ...\n  default_node_pool {\n    name    = "system"\n    vm_size = "Standard_D4s_v5"\n    type    = "VirtualMachineScaleSets"\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_169'], docs: AKS_DOCS },
  },
  (aks, ctx) =>
    expectOneOf(ctx, aks, ['default_node_pool', 0, 'type'], {
      allowed: ['VirtualMachineScaleSets'],
      byDefault: 'VirtualMachineScaleSets',
      good: 'Nodes run in a scale set',
      bad: 'Nodes run in an availability set',
    }),
);
