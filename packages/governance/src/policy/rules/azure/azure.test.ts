import { loadFixture } from '../../../__testUtils__/fixtures';
import { addressOf, planOf, ResourceSpec } from '../../../__testUtils__/plans';
import type { JsonObject } from '../../../plan/types';
import { CHECKOV } from '../../checkov';
import { evaluatePlan } from '../../evaluate';
import type { Verdict } from '../../types';
import { AZURE_RULES } from '.';

function finding(
  specs: ResourceSpec[],
  ruleId: string,
  environment = 'prod',
  address = addressOf(specs[0]),
) {
  const f = evaluatePlan(planOf(specs, { azurerm: {} }), {
    environment,
    now: new Date('2026-11-22T00:00:00Z'),
  }).findings.find(x => x.ruleId === ruleId && x.address === address);
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return f;
}

/** A value the configuration sets from a variable, so it is hidden until apply. */
const fromVar = (name: string): JsonObject => ({
  [name]: { references: [`var.${name}`] },
});

interface Case {
  rule: string;
  type: string;
  after: JsonObject;
  /** after_unknown */
  unknown?: JsonObject;
  config?: JsonObject;
  environment?: string;
  /** Other resources in the plan. */
  others?: ResourceSpec[];
  verdict: Verdict;
  /** The message must match (names the attribute). */
  message?: RegExp;
  why: string;
}

const CASES: Case[] = [
  // --- AKS
  {
    why: 'RBAC on',
    rule: 'GW-AZ-008',
    type: 'azurerm_kubernetes_cluster',
    after: { role_based_access_control_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'RBAC off',
    rule: 'GW-AZ-008',
    type: 'azurerm_kubernetes_cluster',
    after: { role_based_access_control_enabled: false },
    verdict: 'fail',
    message: /role_based_access_control_enabled/,
  },
  {
    why: 'RBAC computed, unset: default true',
    rule: 'GW-AZ-008',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    unknown: { role_based_access_control_enabled: true },
    verdict: 'pass',
    message: /provider default/,
  },
  {
    why: 'policy add-on on',
    rule: 'GW-AZ-009',
    type: 'azurerm_kubernetes_cluster',
    after: { azure_policy_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'policy add-on unset',
    rule: 'GW-AZ-009',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    verdict: 'fail',
    message: /azure_policy_enabled/,
  },
  {
    why: 'policy add-on from a variable',
    rule: 'GW-AZ-009',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    unknown: { azure_policy_enabled: true },
    config: fromVar('azure_policy_enabled'),
    verdict: 'unknown',
    message: /azure_policy_enabled/,
  },
  {
    why: 'private cluster',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: { private_cluster_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'authorized ranges',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: {
      private_cluster_enabled: false,
      api_server_access_profile: [{ authorized_ip_ranges: ['203.0.113.0/24'] }],
    },
    verdict: 'pass',
    message: /203\.0\.113\.0\/24/,
  },
  {
    why: 'azurerm < 3.39 ranges',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: { api_server_authorized_ip_ranges: ['10.0.0.0/8'] },
    verdict: 'pass',
  },
  {
    why: 'public API server',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: { private_cluster_enabled: false },
    verdict: 'fail',
    message: /authorized_ip_ranges/,
  },
  {
    why: 'ranges include the world',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: {
      api_server_access_profile: [{ authorized_ip_ranges: ['0.0.0.0/0'] }],
    },
    verdict: 'fail',
    message: /0\.0\.0\.0\/0/,
  },
  {
    why: 'ranges from a variable',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: { private_cluster_enabled: false, api_server_access_profile: [{}] },
    unknown: { api_server_access_profile: [{ authorized_ip_ranges: true }] },
    config: { api_server_access_profile: [fromVar('authorized_ip_ranges')] },
    verdict: 'unknown',
  },
  {
    why: 'calico',
    rule: 'GW-AZ-011',
    type: 'azurerm_kubernetes_cluster',
    after: {
      network_profile: [{ network_plugin: 'azure', network_policy: 'calico' }],
    },
    verdict: 'pass',
  },
  {
    why: 'no policy engine',
    rule: 'GW-AZ-011',
    type: 'azurerm_kubernetes_cluster',
    after: { network_profile: [{ network_plugin: 'kubenet' }] },
    verdict: 'fail',
    message: /network_profile\.network_policy/,
  },
  {
    why: 'network_profile computed, unset',
    rule: 'GW-AZ-011',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    unknown: { network_profile: true },
    verdict: 'fail',
    message: /provider default/,
  },
  {
    why: 'local accounts off',
    rule: 'GW-AZ-012',
    type: 'azurerm_kubernetes_cluster',
    after: { local_account_disabled: true },
    verdict: 'pass',
  },
  {
    why: 'local accounts on',
    rule: 'GW-AZ-012',
    type: 'azurerm_kubernetes_cluster',
    after: { local_account_disabled: false },
    verdict: 'fail',
    message: /local_account_disabled/,
  },
  {
    why: 'disk encryption set',
    rule: 'GW-AZ-013',
    type: 'azurerm_kubernetes_cluster',
    after: { disk_encryption_set_id: '/subscriptions/s/des/aks' },
    verdict: 'pass',
  },
  {
    why: 'no disk encryption set',
    rule: 'GW-AZ-013',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    verdict: 'fail',
    message: /disk_encryption_set_id/,
  },
  {
    why: 'disk encryption set created in the same plan',
    rule: 'GW-AZ-013',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    unknown: { disk_encryption_set_id: true },
    config: {
      disk_encryption_set_id: {
        references: ['azurerm_disk_encryption_set.aks.id'],
      },
    },
    verdict: 'unknown',
  },
  {
    why: 'oms agent',
    rule: 'GW-AZ-014',
    type: 'azurerm_kubernetes_cluster',
    after: { oms_agent: [{ log_analytics_workspace_id: 'w' }] },
    verdict: 'pass',
  },
  {
    why: 'no oms agent',
    rule: 'GW-AZ-014',
    type: 'azurerm_kubernetes_cluster',
    after: { oms_agent: [] },
    verdict: 'fail',
    message: /oms_agent/,
  },
  {
    why: 'private nodes',
    rule: 'GW-AZ-015',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ node_public_ip_enabled: false }] },
    verdict: 'pass',
  },
  {
    why: 'public node IPs',
    rule: 'GW-AZ-015',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ node_public_ip_enabled: true }] },
    verdict: 'fail',
    message: /default_node_pool\.node_public_ip_enabled/,
  },
  {
    why: 'public node IPs, azurerm 3 name',
    rule: 'GW-AZ-015',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ enable_node_public_ip: true }] },
    verdict: 'fail',
    message: /default_node_pool\.enable_node_public_ip/,
  },
  {
    why: 'host encryption',
    rule: 'GW-AZ-016',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ host_encryption_enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'host encryption, azurerm 3 name',
    rule: 'GW-AZ-016',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ enable_host_encryption: true }] },
    verdict: 'pass',
  },
  {
    why: 'no host encryption',
    rule: 'GW-AZ-016',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ name: 'system' }] },
    verdict: 'fail',
    message: /host_encryption_enabled/,
  },
  {
    why: 'patch channel',
    rule: 'GW-AZ-017',
    type: 'azurerm_kubernetes_cluster',
    after: { automatic_upgrade_channel: 'patch' },
    verdict: 'pass',
  },
  {
    why: 'stable channel, azurerm 3 name',
    rule: 'GW-AZ-017',
    type: 'azurerm_kubernetes_cluster',
    after: { automatic_channel_upgrade: 'stable' },
    verdict: 'pass',
  },
  {
    why: 'no channel',
    rule: 'GW-AZ-017',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    verdict: 'fail',
    message: /automatic_upgrade_channel/,
  },

  // --- Storage accounts
  {
    why: 'no public endpoint',
    rule: 'GW-AZ-018',
    type: 'azurerm_storage_account',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'public endpoint',
    rule: 'GW-AZ-018',
    type: 'azurerm_storage_account',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'public endpoint by default',
    rule: 'GW-AZ-018',
    type: 'azurerm_storage_account',
    after: {},
    unknown: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /provider default/,
  },
  {
    why: 'firewall denies',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: { network_rules: [{ default_action: 'Deny' }] },
    verdict: 'pass',
  },
  {
    why: 'firewall allows',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: { network_rules: [{ default_action: 'Allow' }] },
    verdict: 'fail',
    message: /network_rules\.default_action/,
  },
  {
    why: 'no firewall',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: { network_rules: [] },
    verdict: 'fail',
    message: /network_rules/,
  },
  {
    why: 'no public endpoint needs no firewall',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'firewall managed by a separate resource',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: {},
    others: [
      {
        type: 'azurerm_storage_account_network_rules',
        after: { default_action: 'Deny' },
      },
    ],
    verdict: 'not-applicable',
  },
  {
    why: 'separate firewall resource allows',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account_network_rules',
    after: { default_action: 'Allow' },
    verdict: 'fail',
    message: /default_action/,
  },
  {
    why: 'bypass trusted services',
    rule: 'GW-AZ-020',
    type: 'azurerm_storage_account',
    after: {
      network_rules: [
        { default_action: 'Deny', bypass: ['AzureServices', 'Logging'] },
      ],
    },
    verdict: 'pass',
  },
  {
    why: 'no bypass',
    rule: 'GW-AZ-020',
    type: 'azurerm_storage_account',
    after: { network_rules: [{ default_action: 'Deny', bypass: ['Logging'] }] },
    verdict: 'fail',
    message: /network_rules\.bypass/,
  },
  {
    why: 'firewall allows: no bypass needed',
    rule: 'GW-AZ-020',
    type: 'azurerm_storage_account',
    after: { network_rules: [{ default_action: 'Allow', bypass: [] }] },
    verdict: 'not-applicable',
  },
  {
    why: 'queue logging on',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: {
      queue_properties: [
        {
          logging: [{ read: true, write: true, delete: true, version: '1.0' }],
        },
      ],
    },
    verdict: 'pass',
  },
  {
    why: 'queue writes not logged',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: {
      queue_properties: [
        { logging: [{ read: true, write: false, delete: true }] },
      ],
    },
    verdict: 'fail',
    message: /queue_properties\.logging.*write/,
  },
  {
    why: 'no queue logging',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: { account_kind: 'StorageV2' },
    verdict: 'fail',
    message: /queue_properties\.logging/,
  },
  {
    why: 'blob-only account',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: { account_kind: 'BlockBlobStorage' },
    verdict: 'not-applicable',
  },
  {
    why: 'geo-zone-redundant',
    rule: 'GW-AZ-022',
    type: 'azurerm_storage_account',
    after: { account_replication_type: 'GZRS' },
    verdict: 'pass',
  },
  {
    why: 'locally redundant',
    rule: 'GW-AZ-022',
    type: 'azurerm_storage_account',
    after: { account_replication_type: 'LRS' },
    verdict: 'fail',
    message: /account_replication_type/,
  },
  {
    why: 'locally redundant in dev',
    rule: 'GW-AZ-022',
    type: 'azurerm_storage_account',
    after: { account_replication_type: 'LRS' },
    environment: 'dev',
    verdict: 'not-applicable',
  },
  {
    why: 'local users off',
    rule: 'GW-AZ-023',
    type: 'azurerm_storage_account',
    after: { local_user_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'local users on by default',
    rule: 'GW-AZ-023',
    type: 'azurerm_storage_account',
    after: {},
    unknown: { local_user_enabled: true },
    verdict: 'fail',
    message: /local_user_enabled/,
  },

  // --- Key Vault
  {
    why: 'vault firewall denies',
    rule: 'GW-AZ-024',
    type: 'azurerm_key_vault',
    after: {
      network_acls: [{ default_action: 'Deny', bypass: 'AzureServices' }],
    },
    verdict: 'pass',
  },
  {
    why: 'vault firewall allows',
    rule: 'GW-AZ-024',
    type: 'azurerm_key_vault',
    after: {
      network_acls: [{ default_action: 'Allow', bypass: 'AzureServices' }],
    },
    verdict: 'fail',
    message: /network_acls\.default_action/,
  },
  {
    why: 'no vault firewall',
    rule: 'GW-AZ-024',
    type: 'azurerm_key_vault',
    after: { network_acls: [] },
    verdict: 'fail',
    message: /network_acls\.default_action/,
  },
  {
    why: 'private vault',
    rule: 'GW-AZ-024',
    type: 'azurerm_key_vault',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'vault without public endpoint',
    rule: 'GW-AZ-025',
    type: 'azurerm_key_vault',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'public vault',
    rule: 'GW-AZ-025',
    type: 'azurerm_key_vault',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'key expires',
    rule: 'GW-AZ-026',
    type: 'azurerm_key_vault_key',
    after: { expiration_date: '2027-06-30T00:00:00Z' },
    verdict: 'pass',
  },
  {
    why: 'key rotates and expires',
    rule: 'GW-AZ-026',
    type: 'azurerm_key_vault_key',
    after: { rotation_policy: [{ expire_after: 'P90D' }] },
    verdict: 'pass',
    message: /rotation_policy\.expire_after/,
  },
  {
    why: 'key never expires',
    rule: 'GW-AZ-026',
    type: 'azurerm_key_vault_key',
    after: {},
    verdict: 'fail',
    message: /expiration_date/,
  },
  {
    why: 'secret expires',
    rule: 'GW-AZ-027',
    type: 'azurerm_key_vault_secret',
    after: { expiration_date: '2027-06-30T00:00:00Z' },
    verdict: 'pass',
  },
  {
    why: 'secret never expires',
    rule: 'GW-AZ-027',
    type: 'azurerm_key_vault_secret',
    after: {},
    verdict: 'fail',
    message: /expiration_date/,
  },
  {
    why: 'secret expiry from a variable',
    rule: 'GW-AZ-027',
    type: 'azurerm_key_vault_secret',
    after: {},
    unknown: { expiration_date: true },
    config: fromVar('expiration_date'),
    verdict: 'unknown',
  },
  {
    why: 'secret content type',
    rule: 'GW-AZ-028',
    type: 'azurerm_key_vault_secret',
    after: { content_type: 'password' },
    verdict: 'pass',
  },
  {
    why: 'no content type',
    rule: 'GW-AZ-028',
    type: 'azurerm_key_vault_secret',
    after: { content_type: '' },
    verdict: 'fail',
    message: /content_type/,
  },
  {
    why: 'HSM key',
    rule: 'GW-AZ-029',
    type: 'azurerm_key_vault_key',
    after: { key_type: 'RSA-HSM' },
    verdict: 'pass',
  },
  {
    why: 'software key',
    rule: 'GW-AZ-029',
    type: 'azurerm_key_vault_key',
    after: { key_type: 'RSA' },
    verdict: 'fail',
    message: /key_type/,
  },

  // --- Web and function apps
  {
    why: 'HTTPS only',
    rule: 'GW-AZ-030',
    type: 'azurerm_linux_web_app',
    after: { https_only: true },
    verdict: 'pass',
  },
  {
    why: 'HTTP allowed by default',
    rule: 'GW-AZ-030',
    type: 'azurerm_windows_web_app',
    after: {},
    verdict: 'fail',
    message: /https_only/,
  },
  {
    why: 'deprecated app service, HTTP allowed',
    rule: 'GW-AZ-030',
    type: 'azurerm_app_service',
    after: { https_only: false },
    verdict: 'fail',
    message: /https_only/,
  },
  {
    why: 'TLS 1.2',
    rule: 'GW-AZ-031',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ minimum_tls_version: '1.2' }] },
    verdict: 'pass',
  },
  {
    why: 'TLS 1.0',
    rule: 'GW-AZ-031',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ minimum_tls_version: '1.0' }] },
    verdict: 'fail',
    message: /site_config\.minimum_tls_version is "1\.0"/,
  },
  {
    why: 'deprecated app service, TLS 1.1',
    rule: 'GW-AZ-031',
    type: 'azurerm_app_service',
    after: { site_config: [{ min_tls_version: '1.1' }] },
    verdict: 'fail',
    message: /site_config\.min_tls_version/,
  },
  {
    why: 'TLS unset: default 1.2',
    rule: 'GW-AZ-031',
    type: 'azurerm_windows_web_app',
    after: { site_config: [{}] },
    verdict: 'pass',
  },
  {
    why: 'FTPS only',
    rule: 'GW-AZ-032',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ ftps_state: 'FtpsOnly' }] },
    verdict: 'pass',
  },
  {
    why: 'plain FTP',
    rule: 'GW-AZ-032',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ ftps_state: 'AllAllowed' }] },
    verdict: 'fail',
    message: /site_config\.ftps_state/,
  },
  {
    why: 'web app FTP default Disabled',
    rule: 'GW-AZ-032',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{}] },
    verdict: 'pass',
  },
  {
    why: 'app service FTP default AllAllowed',
    rule: 'GW-AZ-032',
    type: 'azurerm_app_service',
    after: { site_config: [{}] },
    verdict: 'fail',
    message: /ftps_state/,
  },
  {
    why: 'managed identity',
    rule: 'GW-AZ-033',
    type: 'azurerm_linux_web_app',
    after: { identity: [{ type: 'SystemAssigned' }] },
    verdict: 'pass',
  },
  {
    why: 'no managed identity',
    rule: 'GW-AZ-033',
    type: 'azurerm_linux_web_app',
    after: { identity: [] },
    verdict: 'fail',
    message: /identity/,
  },
  {
    why: 'auth v2 on',
    rule: 'GW-AZ-034',
    type: 'azurerm_linux_web_app',
    after: { auth_settings_v2: [{ auth_enabled: true }] },
    verdict: 'pass',
    message: /auth_settings_v2\.auth_enabled/,
  },
  {
    why: 'auth v1 on (app service)',
    rule: 'GW-AZ-034',
    type: 'azurerm_app_service',
    after: { auth_settings: [{ enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'no auth',
    rule: 'GW-AZ-034',
    type: 'azurerm_linux_web_app',
    after: { auth_settings_v2: [] },
    verdict: 'fail',
    message: /auth_settings_v2\.auth_enabled/,
  },
  {
    why: 'remote debugging off by default',
    rule: 'GW-AZ-035',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{}] },
    verdict: 'pass',
  },
  {
    why: 'remote debugging on',
    rule: 'GW-AZ-035',
    type: 'azurerm_windows_web_app',
    after: { site_config: [{ remote_debugging_enabled: true }] },
    verdict: 'fail',
    message: /site_config\.remote_debugging_enabled/,
  },
  {
    why: 'remote debugging on a function app',
    rule: 'GW-AZ-035',
    type: 'azurerm_linux_function_app',
    after: { site_config: [{ remote_debugging_enabled: true }] },
    verdict: 'fail',
    message: /remote_debugging_enabled/,
  },
  {
    why: 'HTTP/2',
    rule: 'GW-AZ-036',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ http2_enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'no HTTP/2',
    rule: 'GW-AZ-036',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ http2_enabled: false }] },
    verdict: 'fail',
    message: /site_config\.http2_enabled/,
  },
  {
    why: 'client certificates',
    rule: 'GW-AZ-037',
    type: 'azurerm_linux_web_app',
    after: { client_certificate_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'client certificates on app service',
    rule: 'GW-AZ-037',
    type: 'azurerm_app_service',
    after: { client_cert_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'no client certificates',
    rule: 'GW-AZ-037',
    type: 'azurerm_windows_web_app',
    after: { client_certificate_enabled: false },
    verdict: 'fail',
    message: /client_certificate_enabled/,
  },
  {
    why: 'function HTTPS only',
    rule: 'GW-AZ-038',
    type: 'azurerm_linux_function_app',
    after: { https_only: true },
    verdict: 'pass',
  },
  {
    why: 'function HTTP',
    rule: 'GW-AZ-038',
    type: 'azurerm_function_app',
    after: { https_only: false },
    verdict: 'fail',
    message: /https_only/,
  },
  {
    why: 'function TLS 1.0',
    rule: 'GW-AZ-039',
    type: 'azurerm_windows_function_app',
    after: { site_config: [{ minimum_tls_version: '1.0' }] },
    verdict: 'fail',
    message: /site_config\.minimum_tls_version/,
  },
  {
    why: 'deprecated function app TLS 1.2',
    rule: 'GW-AZ-039',
    type: 'azurerm_function_app',
    after: { site_config: [{ min_tls_version: '1.2' }] },
    verdict: 'pass',
  },

  // --- SQL, PostgreSQL, MySQL
  {
    why: 'SQL server private',
    rule: 'GW-AZ-040',
    type: 'azurerm_mssql_server',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'SQL server public by default',
    rule: 'GW-AZ-040',
    type: 'azurerm_mssql_server',
    after: {},
    unknown: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'SQL TLS 1.2',
    rule: 'GW-AZ-041',
    type: 'azurerm_mssql_server',
    after: { minimum_tls_version: '1.2' },
    verdict: 'pass',
  },
  {
    why: 'SQL TLS check disabled',
    rule: 'GW-AZ-041',
    type: 'azurerm_mssql_server',
    after: { minimum_tls_version: 'Disabled' },
    verdict: 'fail',
    message: /minimum_tls_version/,
  },
  {
    why: 'audit to monitor',
    rule: 'GW-AZ-042',
    type: 'azurerm_mssql_database_extended_auditing_policy',
    after: { log_monitoring_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'audit not to monitor',
    rule: 'GW-AZ-042',
    type: 'azurerm_mssql_server_extended_auditing_policy',
    after: { log_monitoring_enabled: false },
    verdict: 'fail',
    message: /log_monitoring_enabled/,
  },
  {
    why: 'PostgreSQL SSL',
    rule: 'GW-AZ-043',
    type: 'azurerm_postgresql_server',
    after: { ssl_enforcement_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'MySQL no SSL',
    rule: 'GW-AZ-043',
    type: 'azurerm_mysql_server',
    after: { ssl_enforcement_enabled: false },
    verdict: 'fail',
    message: /ssl_enforcement_enabled/,
  },
  {
    why: 'PostgreSQL TLS 1.2',
    rule: 'GW-AZ-044',
    type: 'azurerm_postgresql_server',
    after: { ssl_minimal_tls_version_enforced: 'TLS1_2' },
    verdict: 'pass',
  },
  {
    why: 'MySQL TLS 1.0',
    rule: 'GW-AZ-044',
    type: 'azurerm_mysql_server',
    after: { ssl_minimal_tls_version_enforced: 'TLS1_0' },
    verdict: 'fail',
    message: /ssl_minimal_tls_version_enforced/,
  },
  {
    why: 'PostgreSQL private',
    rule: 'GW-AZ-045',
    type: 'azurerm_postgresql_server',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'MySQL public',
    rule: 'GW-AZ-045',
    type: 'azurerm_mysql_server',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'geo backups',
    rule: 'GW-AZ-046',
    type: 'azurerm_postgresql_flexible_server',
    after: { geo_redundant_backup_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'local backups',
    rule: 'GW-AZ-046',
    type: 'azurerm_mysql_flexible_server',
    after: { geo_redundant_backup_enabled: false },
    verdict: 'fail',
    message: /geo_redundant_backup_enabled/,
  },
  {
    why: 'local backups in dev',
    rule: 'GW-AZ-046',
    type: 'azurerm_mysql_flexible_server',
    after: { geo_redundant_backup_enabled: false },
    environment: 'dev',
    verdict: 'not-applicable',
  },
  {
    why: 'throttling on',
    rule: 'GW-AZ-047',
    type: 'azurerm_postgresql_configuration',
    after: { name: 'connection_throttling', value: 'on' },
    verdict: 'pass',
  },
  {
    why: 'throttling off',
    rule: 'GW-AZ-047',
    type: 'azurerm_postgresql_configuration',
    after: { name: 'connection_throttling', value: 'off' },
    verdict: 'fail',
    message: /connection_throttling.*value/,
  },
  {
    why: 'another parameter',
    rule: 'GW-AZ-047',
    type: 'azurerm_postgresql_configuration',
    after: { name: 'work_mem', value: '64MB' },
    verdict: 'not-applicable',
  },
  {
    why: 'checkpoint logs on',
    rule: 'GW-AZ-048',
    type: 'azurerm_postgresql_configuration',
    after: { name: 'log_checkpoints', value: 'ON' },
    verdict: 'pass',
  },
  {
    why: 'connection logs off',
    rule: 'GW-AZ-048',
    type: 'azurerm_postgresql_configuration',
    after: { name: 'log_connections', value: 'off' },
    verdict: 'fail',
    message: /log_connections/,
  },
  {
    why: 'double encryption',
    rule: 'GW-AZ-049',
    type: 'azurerm_postgresql_server',
    after: { infrastructure_encryption_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'no double encryption',
    rule: 'GW-AZ-049',
    type: 'azurerm_mysql_server',
    after: {},
    verdict: 'fail',
    message: /infrastructure_encryption_enabled/,
  },
  {
    why: 'threat detection',
    rule: 'GW-AZ-050',
    type: 'azurerm_postgresql_server',
    after: { threat_detection_policy: [{ enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'no threat detection',
    rule: 'GW-AZ-050',
    type: 'azurerm_mysql_server',
    after: { threat_detection_policy: [] },
    verdict: 'fail',
    message: /threat_detection_policy\.enabled/,
  },

  // --- Container registries
  {
    why: 'admin off',
    rule: 'GW-AZ-051',
    type: 'azurerm_container_registry',
    after: { admin_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'admin on',
    rule: 'GW-AZ-051',
    type: 'azurerm_container_registry',
    after: { admin_enabled: true },
    verdict: 'fail',
    message: /admin_enabled/,
  },
  {
    why: 'registry private',
    rule: 'GW-AZ-052',
    type: 'azurerm_container_registry',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'registry public',
    rule: 'GW-AZ-052',
    type: 'azurerm_container_registry',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'anonymous pull off by default',
    rule: 'GW-AZ-053',
    type: 'azurerm_container_registry',
    after: {},
    verdict: 'pass',
  },
  {
    why: 'anonymous pull on',
    rule: 'GW-AZ-053',
    type: 'azurerm_container_registry',
    after: { anonymous_pull_enabled: true },
    verdict: 'fail',
    message: /anonymous_pull_enabled/,
  },
  {
    why: 'quarantine',
    rule: 'GW-AZ-054',
    type: 'azurerm_container_registry',
    after: { quarantine_policy_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'no quarantine',
    rule: 'GW-AZ-054',
    type: 'azurerm_container_registry',
    after: { quarantine_policy_enabled: false },
    verdict: 'fail',
    message: /quarantine_policy_enabled/,
  },

  // --- Virtual machines and disks
  {
    why: 'encryption at host',
    rule: 'GW-AZ-055',
    type: 'azurerm_linux_virtual_machine',
    after: { encryption_at_host_enabled: true },
    verdict: 'pass',
  },
  {
    why: 'scale set without encryption at host',
    rule: 'GW-AZ-055',
    type: 'azurerm_windows_virtual_machine_scale_set',
    after: {},
    verdict: 'fail',
    message: /encryption_at_host_enabled/,
  },
  {
    why: 'automatic updates off',
    rule: 'GW-AZ-056',
    type: 'azurerm_windows_virtual_machine',
    after: { automatic_updates_enabled: false },
    verdict: 'fail',
    message: /automatic_updates_enabled/,
  },
  {
    why: 'automatic updates on, azurerm 3 name',
    rule: 'GW-AZ-056',
    type: 'azurerm_windows_virtual_machine_scale_set',
    after: { enable_automatic_updates: true },
    verdict: 'pass',
  },
  {
    why: 'automatic updates by default',
    rule: 'GW-AZ-056',
    type: 'azurerm_windows_virtual_machine',
    after: {},
    verdict: 'pass',
  },
  {
    why: 'VM agent',
    rule: 'GW-AZ-057',
    type: 'azurerm_linux_virtual_machine',
    after: { provision_vm_agent: true },
    verdict: 'pass',
  },
  {
    why: 'no VM agent',
    rule: 'GW-AZ-057',
    type: 'azurerm_linux_virtual_machine_scale_set',
    after: { provision_vm_agent: false },
    verdict: 'fail',
    message: /provision_vm_agent/,
  },
  {
    why: 'disk CMK',
    rule: 'GW-AZ-058',
    type: 'azurerm_managed_disk',
    after: { disk_encryption_set_id: '/des/main' },
    verdict: 'pass',
  },
  {
    why: 'disk platform keys',
    rule: 'GW-AZ-058',
    type: 'azurerm_managed_disk',
    after: {},
    verdict: 'fail',
    message: /disk_encryption_set_id/,
  },
  {
    why: 'disk private',
    rule: 'GW-AZ-059',
    type: 'azurerm_managed_disk',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'disk public by default',
    rule: 'GW-AZ-059',
    type: 'azurerm_managed_disk',
    after: {},
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },

  // --- Redis and Cosmos DB
  {
    why: 'non-TLS port open',
    rule: 'GW-AZ-060',
    type: 'azurerm_redis_cache',
    after: { non_ssl_port_enabled: true },
    verdict: 'fail',
    message: /non_ssl_port_enabled/,
  },
  {
    why: 'non-TLS port closed, azurerm 3 name',
    rule: 'GW-AZ-060',
    type: 'azurerm_redis_cache',
    after: { enable_non_ssl_port: false },
    verdict: 'pass',
    message: /enable_non_ssl_port/,
  },
  {
    why: 'cache private',
    rule: 'GW-AZ-061',
    type: 'azurerm_redis_cache',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'cache public',
    rule: 'GW-AZ-061',
    type: 'azurerm_redis_cache',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'cache TLS 1.2',
    rule: 'GW-AZ-062',
    type: 'azurerm_redis_cache',
    after: { minimum_tls_version: '1.2' },
    verdict: 'pass',
  },
  {
    why: 'cache TLS 1.0',
    rule: 'GW-AZ-062',
    type: 'azurerm_redis_cache',
    after: { minimum_tls_version: '1.0' },
    verdict: 'fail',
    message: /minimum_tls_version/,
  },
  {
    why: 'cosmos private',
    rule: 'GW-AZ-063',
    type: 'azurerm_cosmosdb_account',
    after: { public_network_access_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'cosmos public',
    rule: 'GW-AZ-063',
    type: 'azurerm_cosmosdb_account',
    after: { public_network_access_enabled: true },
    verdict: 'fail',
    message: /public_network_access_enabled/,
  },
  {
    why: 'cosmos IP filter',
    rule: 'GW-AZ-064',
    type: 'azurerm_cosmosdb_account',
    after: {
      public_network_access_enabled: true,
      ip_range_filter: ['203.0.113.0/24'],
    },
    verdict: 'pass',
    message: /ip_range_filter/,
  },
  {
    why: 'cosmos vnet filter',
    rule: 'GW-AZ-064',
    type: 'azurerm_cosmosdb_account',
    after: {
      is_virtual_network_filter_enabled: true,
      virtual_network_rule: [{ id: 'subnet' }],
    },
    verdict: 'pass',
  },
  {
    why: 'cosmos unfiltered',
    rule: 'GW-AZ-064',
    type: 'azurerm_cosmosdb_account',
    after: {
      public_network_access_enabled: true,
      is_virtual_network_filter_enabled: false,
    },
    verdict: 'fail',
    message: /is_virtual_network_filter_enabled/,
  },
  {
    why: 'cosmos filter from a variable',
    rule: 'GW-AZ-064',
    type: 'azurerm_cosmosdb_account',
    after: { public_network_access_enabled: true },
    unknown: { ip_range_filter: true },
    config: fromVar('ip_range_filter'),
    verdict: 'unknown',
  },
  {
    why: 'cosmos keys off',
    rule: 'GW-AZ-065',
    type: 'azurerm_cosmosdb_account',
    after: { local_authentication_disabled: true },
    verdict: 'pass',
  },
  {
    why: 'cosmos keys on',
    rule: 'GW-AZ-065',
    type: 'azurerm_cosmosdb_account',
    after: { local_authentication_disabled: false },
    verdict: 'fail',
    message: /local_authentication_disabled/,
  },
  {
    why: 'cosmos CMK',
    rule: 'GW-AZ-066',
    type: 'azurerm_cosmosdb_account',
    after: { key_vault_key_id: 'https://kv/keys/cosmos' },
    verdict: 'pass',
  },
  {
    why: 'cosmos no CMK',
    rule: 'GW-AZ-066',
    type: 'azurerm_cosmosdb_account',
    after: {},
    verdict: 'fail',
    message: /key_vault_key_id/,
  },
  {
    why: 'cosmos metadata writes off',
    rule: 'GW-AZ-067',
    type: 'azurerm_cosmosdb_account',
    after: { access_key_metadata_writes_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'cosmos metadata writes on by default',
    rule: 'GW-AZ-067',
    type: 'azurerm_cosmosdb_account',
    after: {},
    unknown: { access_key_metadata_writes_enabled: true },
    verdict: 'fail',
    message: /access_key_metadata_writes_enabled/,
  },

  // --- Defender and activity logs
  {
    why: 'Defender Standard',
    rule: 'GW-AZ-068',
    type: 'azurerm_security_center_subscription_pricing',
    after: { tier: 'Standard', resource_type: 'KeyVaults' },
    verdict: 'pass',
    message: /KeyVaults/,
  },
  {
    why: 'Defender Free',
    rule: 'GW-AZ-068',
    type: 'azurerm_security_center_subscription_pricing',
    after: { tier: 'Free', resource_type: 'StorageAccounts' },
    verdict: 'fail',
    message: /StorageAccounts.*tier/,
  },
  {
    why: 'retention 365',
    rule: 'GW-AZ-069',
    type: 'azurerm_monitor_log_profile',
    after: { retention_policy: [{ enabled: true, days: 365 }] },
    verdict: 'pass',
  },
  {
    why: 'retention 30',
    rule: 'GW-AZ-069',
    type: 'azurerm_monitor_log_profile',
    after: { retention_policy: [{ enabled: true, days: 30 }] },
    verdict: 'fail',
    message: /retention_policy\.days/,
  },
  {
    why: 'retention unlimited',
    rule: 'GW-AZ-069',
    type: 'azurerm_monitor_log_profile',
    after: { retention_policy: [{ enabled: false }] },
    verdict: 'pass',
  },
  {
    why: 'all categories',
    rule: 'GW-AZ-070',
    type: 'azurerm_monitor_log_profile',
    after: { categories: ['Action', 'Delete', 'Write'] },
    verdict: 'pass',
  },
  {
    why: 'deletes not logged',
    rule: 'GW-AZ-070',
    type: 'azurerm_monitor_log_profile',
    after: { categories: ['Action', 'Write'] },
    verdict: 'fail',
    message: /categories misses Delete/,
  },
];

const nsgRule = (over: JsonObject): JsonObject => ({
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  source_address_prefix: 'Internet',
  destination_port_range: '443',
  ...over,
});

CASES.push(
  {
    why: 'UDP from the internet',
    rule: 'GW-AZ-071',
    type: 'azurerm_network_security_rule',
    after: nsgRule({ protocol: 'Udp', destination_port_range: '53' }),
    verdict: 'fail',
    message: /Udp/,
  },
  {
    why: 'UDP from the VNet',
    rule: 'GW-AZ-071',
    type: 'azurerm_network_security_rule',
    after: nsgRule({
      protocol: 'Udp',
      source_address_prefix: 'VirtualNetwork',
    }),
    verdict: 'pass',
  },
  {
    why: 'inline TCP 443 only',
    rule: 'GW-AZ-071',
    type: 'azurerm_network_security_group',
    after: { security_rule: [nsgRule({})] },
    verdict: 'pass',
  },
  {
    why: 'inline any protocol from the internet',
    rule: 'GW-AZ-071',
    type: 'azurerm_network_security_group',
    after: {
      security_rule: [nsgRule({ protocol: '*', destination_port_range: '*' })],
    },
    verdict: 'fail',
    message: /security_rule\[0\]/,
  },
  {
    why: 'UDP denied',
    rule: 'GW-AZ-071',
    type: 'azurerm_network_security_rule',
    after: nsgRule({ protocol: 'Udp', access: 'Deny' }),
    verdict: 'pass',
  },
  {
    why: 'HTTP from the internet',
    rule: 'GW-AZ-072',
    type: 'azurerm_network_security_rule',
    after: nsgRule({ destination_port_range: '80' }),
    verdict: 'fail',
    message: /port 80/,
  },
  {
    why: 'HTTPS only from the internet',
    rule: 'GW-AZ-072',
    type: 'azurerm_network_security_rule',
    after: nsgRule({}),
    verdict: 'pass',
  },
  {
    why: 'HTTP in a port range',
    rule: 'GW-AZ-072',
    type: 'azurerm_network_security_group',
    after: { security_rule: [nsgRule({ destination_port_range: '70-90' })] },
    verdict: 'fail',
  },
  {
    why: 'HTTP source from a variable',
    rule: 'GW-AZ-072',
    type: 'azurerm_network_security_rule',
    after: {
      ...nsgRule({ destination_port_range: '80' }),
      source_address_prefix: null,
    },
    unknown: { source_address_prefix: true },
    config: fromVar('source_address_prefix'),
    verdict: 'unknown',
  },
);

CASES.push(
  // --- Web and function app operations
  {
    why: 'HTTP logs',
    rule: 'GW-AZ-073',
    type: 'azurerm_linux_web_app',
    after: {
      logs: [
        {
          http_logs: [
            { file_system: [{ retention_in_days: 30, retention_in_mb: 100 }] },
          ],
        },
      ],
    },
    verdict: 'pass',
  },
  {
    why: 'no HTTP logs',
    rule: 'GW-AZ-073',
    type: 'azurerm_windows_web_app',
    after: { logs: [{ http_logs: [] }] },
    verdict: 'fail',
    message: /logs\.http_logs/,
  },
  {
    why: 'no logs block',
    rule: 'GW-AZ-073',
    type: 'azurerm_app_service',
    after: {},
    verdict: 'fail',
    message: /logs\.http_logs/,
  },
  {
    why: 'errors and traces',
    rule: 'GW-AZ-074',
    type: 'azurerm_linux_web_app',
    after: {
      logs: [{ detailed_error_messages: true, failed_request_tracing: true }],
    },
    verdict: 'pass',
  },
  {
    why: 'no failed request tracing',
    rule: 'GW-AZ-074',
    type: 'azurerm_linux_web_app',
    after: {
      logs: [{ detailed_error_messages: true, failed_request_tracing: false }],
    },
    verdict: 'fail',
    message: /logs\.failed_request_tracing/,
  },
  {
    why: 'app service: no detailed errors',
    rule: 'GW-AZ-074',
    type: 'azurerm_app_service',
    after: {
      logs: [
        {
          detailed_error_messages_enabled: false,
          failed_request_tracing_enabled: true,
        },
      ],
    },
    verdict: 'fail',
    message: /logs\.detailed_error_messages_enabled/,
  },
  {
    why: 'CORS listed origins',
    rule: 'GW-AZ-075',
    type: 'azurerm_linux_web_app',
    after: {
      site_config: [
        { cors: [{ allowed_origins: ['https://app.example.com'] }] },
      ],
    },
    verdict: 'pass',
  },
  {
    why: 'CORS wildcard',
    rule: 'GW-AZ-075',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ cors: [{ allowed_origins: ['*'] }] }] },
    verdict: 'fail',
    message: /site_config\.cors\.allowed_origins/,
  },
  {
    why: 'CORS wildcard on a function app',
    rule: 'GW-AZ-075',
    type: 'azurerm_function_app',
    after: { site_config: [{ cors: [{ allowed_origins: ['*'] }] }] },
    verdict: 'fail',
  },
  {
    why: 'no CORS',
    rule: 'GW-AZ-075',
    type: 'azurerm_windows_function_app',
    after: { site_config: [{}] },
    verdict: 'pass',
  },
  {
    why: 'always on',
    rule: 'GW-AZ-076',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ always_on: true }] },
    verdict: 'pass',
  },
  {
    why: 'not always on',
    rule: 'GW-AZ-076',
    type: 'azurerm_windows_web_app',
    after: { site_config: [{ always_on: false }] },
    verdict: 'fail',
    message: /site_config\.always_on/,
  },
  {
    why: 'not always on in dev',
    rule: 'GW-AZ-076',
    type: 'azurerm_windows_web_app',
    after: { site_config: [{ always_on: false }] },
    environment: 'dev',
    verdict: 'not-applicable',
  },
  {
    why: 'health check',
    rule: 'GW-AZ-077',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{ health_check_path: '/healthz' }] },
    verdict: 'pass',
  },
  {
    why: 'no health check',
    rule: 'GW-AZ-077',
    type: 'azurerm_linux_web_app',
    after: { site_config: [{}] },
    verdict: 'fail',
    message: /site_config\.health_check_path/,
  },
  {
    why: 'function HTTP/2',
    rule: 'GW-AZ-078',
    type: 'azurerm_linux_function_app',
    after: { site_config: [{ http2_enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'function no HTTP/2',
    rule: 'GW-AZ-078',
    type: 'azurerm_function_app',
    after: { site_config: [{}] },
    verdict: 'fail',
    message: /site_config\.http2_enabled/,
  },
  {
    why: 'builtin logging by default',
    rule: 'GW-AZ-079',
    type: 'azurerm_function_app',
    after: {},
    unknown: { enable_builtin_logging: true },
    verdict: 'pass',
    message: /provider default/,
  },
  {
    why: 'builtin logging off',
    rule: 'GW-AZ-079',
    type: 'azurerm_function_app_slot',
    after: { enable_builtin_logging: false },
    verdict: 'fail',
    message: /enable_builtin_logging/,
  },

  // --- More AKS
  {
    why: 'Standard tier',
    rule: 'GW-AZ-080',
    type: 'azurerm_kubernetes_cluster',
    after: { sku_tier: 'Standard' },
    verdict: 'pass',
  },
  {
    why: 'Free tier',
    rule: 'GW-AZ-080',
    type: 'azurerm_kubernetes_cluster',
    after: { sku_tier: 'Free' },
    verdict: 'fail',
    message: /sku_tier/,
  },
  {
    why: 'Free tier in dev',
    rule: 'GW-AZ-080',
    type: 'azurerm_kubernetes_cluster',
    after: { sku_tier: 'Free' },
    environment: 'dev',
    verdict: 'not-applicable',
  },
  {
    why: 'secrets rotate',
    rule: 'GW-AZ-081',
    type: 'azurerm_kubernetes_cluster',
    after: { key_vault_secrets_provider: [{ secret_rotation_enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'secrets never rotate',
    rule: 'GW-AZ-081',
    type: 'azurerm_kubernetes_cluster',
    after: { key_vault_secrets_provider: [{ secret_rotation_enabled: false }] },
    verdict: 'fail',
    message: /key_vault_secrets_provider\.secret_rotation_enabled/,
  },
  {
    why: 'no secrets provider',
    rule: 'GW-AZ-081',
    type: 'azurerm_kubernetes_cluster',
    after: { key_vault_secrets_provider: [] },
    verdict: 'not-applicable',
  },
  {
    why: 'critical add-ons only',
    rule: 'GW-AZ-082',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ only_critical_addons_enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'apps on the system pool',
    rule: 'GW-AZ-082',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ name: 'system' }] },
    verdict: 'fail',
    message: /default_node_pool\.only_critical_addons_enabled/,
  },
  {
    why: 'HTTP routing off',
    rule: 'GW-AZ-083',
    type: 'azurerm_kubernetes_cluster',
    after: { http_application_routing_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'HTTP routing on',
    rule: 'GW-AZ-083',
    type: 'azurerm_kubernetes_cluster',
    after: { http_application_routing_enabled: true },
    verdict: 'fail',
    message: /http_application_routing_enabled/,
  },
  {
    why: 'scale set pool by default',
    rule: 'GW-AZ-084',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ name: 'system' }] },
    verdict: 'pass',
  },
  {
    why: 'availability set pool',
    rule: 'GW-AZ-084',
    type: 'azurerm_kubernetes_cluster',
    after: { default_node_pool: [{ type: 'AvailabilitySet' }] },
    verdict: 'fail',
    message: /default_node_pool\.type/,
  },

  // --- More registries, Redis, firewalls
  {
    why: 'zone redundant with replicas',
    rule: 'GW-AZ-085',
    type: 'azurerm_container_registry',
    after: {
      zone_redundancy_enabled: true,
      georeplications: [
        { location: 'westeurope', zone_redundancy_enabled: true },
      ],
    },
    verdict: 'pass',
  },
  {
    why: 'registry in one zone',
    rule: 'GW-AZ-085',
    type: 'azurerm_container_registry',
    after: { zone_redundancy_enabled: false },
    verdict: 'fail',
    message: /zone_redundancy_enabled/,
  },
  {
    why: 'replica in one zone',
    rule: 'GW-AZ-085',
    type: 'azurerm_container_registry',
    after: {
      zone_redundancy_enabled: true,
      georeplications: [
        { location: 'northeurope', zone_redundancy_enabled: false },
      ],
    },
    verdict: 'fail',
    message: /georeplications\[0\] \(northeurope\)/,
  },
  {
    why: 'retention days',
    rule: 'GW-AZ-086',
    type: 'azurerm_container_registry',
    after: { retention_policy_in_days: 30 },
    verdict: 'pass',
    message: /retention_policy_in_days/,
  },
  {
    why: 'azurerm 3 retention block',
    rule: 'GW-AZ-086',
    type: 'azurerm_container_registry',
    after: { retention_policy: [{ days: 7, enabled: true }] },
    verdict: 'pass',
  },
  {
    why: 'azurerm 3 retention off',
    rule: 'GW-AZ-086',
    type: 'azurerm_container_registry',
    after: { retention_policy: [{ days: 7, enabled: false }] },
    verdict: 'fail',
    message: /retention_policy\.enabled/,
  },
  {
    why: 'no retention',
    rule: 'GW-AZ-086',
    type: 'azurerm_container_registry',
    after: {},
    verdict: 'fail',
    message: /retention_policy_in_days/,
  },
  {
    why: 'retention computed',
    rule: 'GW-AZ-086',
    type: 'azurerm_container_registry',
    after: {},
    unknown: { retention_policy_in_days: true },
    verdict: 'unknown',
  },
  {
    why: 'Standard cache',
    rule: 'GW-AZ-087',
    type: 'azurerm_redis_cache',
    after: { sku_name: 'Standard' },
    verdict: 'pass',
  },
  {
    why: 'Basic cache',
    rule: 'GW-AZ-087',
    type: 'azurerm_redis_cache',
    after: { sku_name: 'Basic' },
    verdict: 'fail',
    message: /sku_name/,
  },
  {
    why: 'firewall policy attached',
    rule: 'GW-AZ-088',
    type: 'azurerm_firewall',
    after: { firewall_policy_id: '/fwp/hub' },
    verdict: 'pass',
  },
  {
    why: 'classic rules',
    rule: 'GW-AZ-088',
    type: 'azurerm_firewall',
    after: {},
    verdict: 'fail',
    message: /firewall_policy_id/,
  },
  {
    why: 'IDPS deny',
    rule: 'GW-AZ-089',
    type: 'azurerm_firewall_policy',
    after: { sku: 'Premium', intrusion_detection: [{ mode: 'Deny' }] },
    verdict: 'pass',
  },
  {
    why: 'IDPS alert',
    rule: 'GW-AZ-089',
    type: 'azurerm_firewall_policy',
    after: { sku: 'Premium', intrusion_detection: [{ mode: 'Alert' }] },
    verdict: 'fail',
    message: /intrusion_detection\.mode/,
  },
  {
    why: 'IDPS needs Premium',
    rule: 'GW-AZ-089',
    type: 'azurerm_firewall_policy',
    after: { sku: 'Standard' },
    verdict: 'warn',
    message: /Premium/,
  },
);

// Cases where one deciding value is hidden and the other decides.
CASES.push(
  {
    why: 'ranges set, private flag from a variable',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: {
      api_server_access_profile: [{ authorized_ip_ranges: ['203.0.113.0/24'] }],
    },
    unknown: { private_cluster_enabled: true },
    config: fromVar('private_cluster_enabled'),
    verdict: 'pass',
  },
  {
    why: 'no ranges, private flag from a variable',
    rule: 'GW-AZ-010',
    type: 'azurerm_kubernetes_cluster',
    after: {},
    unknown: { private_cluster_enabled: true },
    config: fromVar('private_cluster_enabled'),
    verdict: 'unknown',
    message: /private_cluster_enabled/,
  },
  {
    why: 'network_rules computed, not configured',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: {},
    unknown: { network_rules: true },
    verdict: 'fail',
    message: /network_rules is not set/,
  },
  {
    why: 'network_rules from a variable',
    rule: 'GW-AZ-019',
    type: 'azurerm_storage_account',
    after: {},
    unknown: { network_rules: true },
    config: { network_rules: [fromVar('default_action')] },
    verdict: 'unknown',
  },
);

// Queue properties moved to their own resource in azurerm 4.x.
CASES.push(
  {
    why: 'separate queue properties log everything',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account_queue_properties',
    after: {
      logging: [{ read: true, write: true, delete: true, version: '1.0' }],
    },
    verdict: 'pass',
  },
  {
    why: 'separate queue properties skip deletes',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account_queue_properties',
    after: { logging: [{ read: true, write: true, delete: false }] },
    verdict: 'fail',
    message: /logging does not record delete/,
  },
  {
    why: 'separate queue properties without logging',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account_queue_properties',
    after: { logging: [] },
    verdict: 'fail',
    message: /logging is not set/,
  },
  {
    why: 'account whose queue properties are separate',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: {},
    others: [
      {
        type: 'azurerm_storage_account_queue_properties',
        after: { logging: [] },
      },
    ],
    verdict: 'not-applicable',
  },
  {
    why: 'queue_properties computed, not configured',
    rule: 'GW-AZ-021',
    type: 'azurerm_storage_account',
    after: {},
    unknown: { queue_properties: true },
    verdict: 'fail',
    message: /queue_properties\.logging is not set/,
  },
);

// Newer azurerm versions name the Cosmos DB flag the other way round.
CASES.push(
  {
    why: 'cosmos local auth enabled (renamed flag)',
    rule: 'GW-AZ-065',
    type: 'azurerm_cosmosdb_account',
    after: { local_authentication_enabled: true },
    verdict: 'fail',
    message: /set local_authentication_enabled = false/,
  },
  {
    why: 'cosmos local auth disabled (renamed flag)',
    rule: 'GW-AZ-065',
    type: 'azurerm_cosmosdb_account',
    after: { local_authentication_enabled: false },
    verdict: 'pass',
  },
  {
    why: 'cosmos renamed flag computed, unset',
    rule: 'GW-AZ-065',
    type: 'azurerm_cosmosdb_account',
    after: {},
    unknown: { local_authentication_enabled: true },
    verdict: 'fail',
    message: /provider default/,
  },
);

describe('Azure rules on plans', () => {
  it.each(CASES.map(c => [`${c.rule} ${c.type}: ${c.why}`, c] as const))(
    '%s',
    (_name, c) => {
      const f = finding(
        [
          {
            type: c.type,
            after: c.after,
            unknown: c.unknown,
            config: c.config,
          },
          ...(c.others ?? []),
        ],
        c.rule,
        c.environment,
      );
      expect(f.verdict).toBe(c.verdict);
      expect(f.message).toMatch(c.message ?? /./);
    },
  );

  it('has a passing and a failing case for every new rule', () => {
    for (const rule of AZURE_RULES.filter(r => r.id >= 'GW-AZ-008')) {
      const verdicts = CASES.filter(c => c.rule === rule.id).map(
        c => c.verdict,
      );
      expect([rule.id, verdicts]).toEqual([
        rule.id,
        expect.arrayContaining(['pass', 'fail']),
      ]);
    }
  });
});

describe('Azure rules on a recorded plan', () => {
  it('judges the firewalls of the Infracost Azure Firewall plan', () => {
    // Five firewalls with classic rules (firewall_policy_id null) and the
    // default threat intelligence mode; no firewall policy in the plan.
    const findings = evaluatePlan(
      loadFixture('10-infracost-azure_firewall_plan.json'),
      { environment: 'prod' },
    ).findings.filter(f => f.ruleId === 'GW-AZ-088');
    expect(findings.map(f => f.address).sort()).toEqual([
      'azurerm_firewall.non_usage',
      'azurerm_firewall.premium',
      'azurerm_firewall.premium_virtual_hub',
      'azurerm_firewall.standard',
      'azurerm_firewall.standard_virtual_hub',
    ]);
    expect(new Set(findings.map(f => f.verdict))).toEqual(new Set(['fail']));
    expect(findings[0].message).toMatch(/firewall_policy_id/);
  });
});

describe('Azure rule metadata', () => {
  const catalogue = new Map(CHECKOV.checks.map(c => [c.id, c]));

  it('has at least 40 rules with unique, well-formed ids', () => {
    const ids = AZURE_RULES.map(r => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^GW-AZ-\d{3}$/);
  });

  it.each(AZURE_RULES.map(r => [r.id, r] as const))(
    '%s cites azurerm Checkov checks on its types and can be fixed',
    (_id, rule) => {
      expect(rule.provider).toBe('azurerm');
      expect(rule.references.checkov.length).toBeGreaterThan(0);
      for (const id of rule.references.checkov) {
        const check = catalogue.get(id);
        expect([id, check?.provider]).toEqual([id, 'azurerm']);
        // The check is about (at least one of) the types the rule judges.
        expect([
          id,
          check!.resourceTypes.some(t => rule.resourceTypes.includes(t)),
        ]).toEqual([id, true]);
      }
      for (const cis of rule.references.cis)
        expect(cis).toMatch(/^CIS Azure Foundations v2\.0\.0 \d+(\.\d+)+$/);
      expect(rule.rationale.trim().length).toBeGreaterThan(20);
      expect(rule.remediation.text.trim()).not.toBe('');
      expect(
        rule.resourceTypes.some(t =>
          rule.remediation.terraform.includes(`resource "${t}"`),
        ),
      ).toBe(true);
    },
  );
});
