import { expectAttribute, expectTrue, isFalse, resourceRule } from '../helpers';

export const linuxVmPasswordAuth = resourceRule(
  {
    id: 'GW-AZ-005',
    title: 'Linux VMs disable password authentication',
    severity: 'high',
    resourceTypes: [
      'azurerm_linux_virtual_machine',
      'azurerm_linux_virtual_machine_scale_set',
    ],
    rationale:
      'Password logins can be brute-forced; SSH keys cannot be guessed.',
    remediation: {
      text: 'Use admin_ssh_key and leave disable_password_authentication = true.',
      terraform:
        'resource "azurerm_linux_virtual_machine" "vm" {\n  # ...\n  disable_password_authentication = true\n  admin_ssh_key {\n    username   = "azureuser"\n    public_key = file("~/.ssh/id_ed25519.pub")\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_149'], cis: [] },
  },
  (vm, ctx) =>
    expectAttribute(ctx, vm, ['disable_password_authentication'], {
      label: 'disable_password_authentication',
      compliant: v => !isFalse(v),
      passMessage: 'Password authentication is disabled',
      failMessage: 'Password authentication is enabled',
      providerDefault: true,
    }),
);

export const keyVaultPurgeProtection = resourceRule(
  {
    id: 'GW-AZ-006',
    title: 'Key vaults have purge protection',
    severity: 'medium',
    resourceTypes: ['azurerm_key_vault'],
    rationale:
      'Without purge protection a deleted vault, and every key in it, can be destroyed for good at once.',
    remediation: {
      text: 'Set purge_protection_enabled = true.',
      terraform:
        'resource "azurerm_key_vault" "main" {\n  # ...\n  purge_protection_enabled   = true\n  soft_delete_retention_days = 90\n}',
    },
    references: {
      checkov: ['CKV_AZURE_110'],
      cis: ['CIS Azure Foundations v2.0.0 8.5'],
    },
  },
  (kv, ctx) =>
    expectTrue(ctx, kv, ['purge_protection_enabled'], 'Purge protection'),
);
