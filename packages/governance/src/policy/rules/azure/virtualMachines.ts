import { resourceRule } from '../helpers';
import { attrOf, docsOf, expectFlag, expectSet } from './support';

const VMS = [
  'azurerm_linux_virtual_machine',
  'azurerm_windows_virtual_machine',
  'azurerm_linux_virtual_machine_scale_set',
  'azurerm_windows_virtual_machine_scale_set',
];
const VM_DOCS = [
  docsOf('azurerm_linux_virtual_machine'),
  docsOf('azurerm_windows_virtual_machine'),
];
const DISK_DOCS = [docsOf('azurerm_managed_disk')];

export const vmEncryptionAtHost = resourceRule(
  {
    id: 'GW-AZ-055',
    title: 'Virtual machines encrypt temp disks and caches at the host',
    severity: 'medium',
    resourceTypes: VMS,
    rationale:
      'Server-side disk encryption leaves the temporary disk and disk caches unencrypted on the ' +
      'host; encryption at host closes that gap.',
    remediation: {
      text: 'Set encryption_at_host_enabled = true (the subscription needs the EncryptionAtHost feature registered).',
      terraform:
        'resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  encryption_at_host_enabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_97', 'CKV_AZURE_151'],
      docs: VM_DOCS,
    },
  },
  (vm, ctx) =>
    expectFlag(ctx, vm, ['encryption_at_host_enabled'], {
      want: true,
      byDefault: false,
      good: 'Encryption at host is on',
      bad: 'Temp disks and caches are not encrypted at the host',
    }),
);

export const windowsVmAutomaticUpdates = resourceRule(
  {
    id: 'GW-AZ-056',
    title: 'Windows virtual machines install updates automatically',
    severity: 'medium',
    resourceTypes: [
      'azurerm_windows_virtual_machine',
      'azurerm_windows_virtual_machine_scale_set',
    ],
    rationale:
      'Unpatched Windows hosts are the usual target of ransomware; automatic updates keep ' +
      'security fixes from waiting for someone to log in.',
    remediation: {
      text: 'Leave automatic_updates_enabled = true (enable_automatic_updates before azurerm 4.0).',
      terraform:
        'resource "azurerm_windows_virtual_machine" "app" {\n  # ...\n  automatic_updates_enabled = true\n  patch_mode                = "AutomaticByPlatform"\n}',
    },
    references: { checkov: ['CKV_AZURE_177'], docs: VM_DOCS },
  },
  (vm, ctx) =>
    expectFlag(
      ctx,
      vm,
      [attrOf(vm, ['automatic_updates_enabled', 'enable_automatic_updates'])],
      {
        want: true,
        byDefault: true,
        good: 'Windows updates install automatically',
        bad: 'Windows updates are not installed automatically',
      },
    ),
);

export const vmAgent = resourceRule(
  {
    id: 'GW-AZ-057',
    title: 'Virtual machines run the Azure VM agent',
    severity: 'low',
    resourceTypes: VMS,
    rationale:
      'Without the VM agent no extension can run: no monitoring agent, no Defender, no backup ' +
      'snapshot consistency; it can only be added by recreating the VM.',
    remediation: {
      text: 'Leave provision_vm_agent = true (the default).',
      terraform:
        'resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  provision_vm_agent = true\n}',
    },
    references: { checkov: ['CKV_AZURE_179'], docs: VM_DOCS },
  },
  (vm, ctx) =>
    expectFlag(ctx, vm, ['provision_vm_agent'], {
      want: true,
      byDefault: true,
      good: 'The VM agent is installed',
      bad: 'The VM agent is not installed',
    }),
);

export const diskEncryptionSet = resourceRule(
  {
    id: 'GW-AZ-058',
    title: 'Managed disks are encrypted with a customer-managed key',
    severity: 'medium',
    resourceTypes: ['azurerm_managed_disk'],
    rationale:
      'A disk encryption set puts the disk under a Key Vault key the team controls, rotates and ' +
      'can revoke, which regulated data usually requires.',
    remediation: {
      text: 'Set disk_encryption_set_id to an azurerm_disk_encryption_set.',
      terraform:
        'resource "azurerm_managed_disk" "data" {\n  # ...\n  disk_encryption_set_id = azurerm_disk_encryption_set.main.id\n}',
    },
    references: {
      checkov: ['CKV_AZURE_93'],
      cis: [
        'CIS Azure Foundations v2.0.0 7.3',
        'CIS Azure Foundations v2.0.0 7.4',
      ],
      docs: DISK_DOCS,
    },
  },
  (disk, ctx) =>
    expectSet(ctx, disk, ['disk_encryption_set_id'], {
      good: 'The disk uses a customer-managed key',
      bad: 'The disk uses platform-managed keys only',
    }),
);

export const diskPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-059',
    title: 'Managed disks cannot be exported over public networks',
    severity: 'medium',
    resourceTypes: ['azurerm_managed_disk'],
    rationale:
      'With public network access on, anyone holding an export SAS URL can download the whole ' +
      'disk from anywhere.',
    remediation: {
      text: 'Set public_network_access_enabled = false (and network_access_policy = "DenyAll" or "AllowPrivate").',
      terraform:
        'resource "azurerm_managed_disk" "data" {\n  # ...\n  public_network_access_enabled = false\n  network_access_policy         = "DenyAll"\n}',
    },
    references: { checkov: ['CKV_AZURE_251'], docs: DISK_DOCS },
  },
  (disk, ctx) =>
    expectFlag(ctx, disk, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The disk cannot be exported over public networks',
      bad: 'The disk can be exported over public networks',
    }),
);
