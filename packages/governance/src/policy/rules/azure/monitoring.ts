import { asNumber, asStringList } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { docsOf } from './support';

/** The CIS v2.0.0 control for each Defender plan (`resource_type`). */
const DEFENDER_CIS: Record<string, string> = {
  VirtualMachines: '2.1.1',
  AppServices: '2.1.2',
  SqlServers: '2.1.4',
  SqlServerVirtualMachines: '2.1.5',
  OpenSourceRelationalDatabases: '2.1.6',
  StorageAccounts: '2.1.7',
  Containers: '2.1.8',
  CosmosDbs: '2.1.9',
  KeyVaults: '2.1.10',
  Dns: '2.1.11',
  Arm: '2.1.12',
};

export const defenderStandardTier = resourceRule(
  {
    id: 'GW-AZ-068',
    title: 'Microsoft Defender plans are on the Standard tier',
    severity: 'medium',
    resourceTypes: ['azurerm_security_center_subscription_pricing'],
    rationale:
      'The Free tier only gives recommendations; threat detection for servers, databases, ' +
      'storage, containers and Key Vault needs the Standard tier of each plan.',
    remediation: {
      text: 'Set tier = "Standard" on each azurerm_security_center_subscription_pricing.',
      terraform:
        'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n}',
    },
    references: {
      checkov: [
        'CKV_AZURE_19',
        'CKV_AZURE_55',
        'CKV_AZURE_61',
        'CKV_AZURE_69',
        'CKV_AZURE_79',
        'CKV_AZURE_84',
        'CKV_AZURE_85',
        'CKV_AZURE_86',
        'CKV_AZURE_87',
        'CKV_AZURE_234',
      ],
      cis: Object.values(DEFENDER_CIS).map(
        c => `CIS Azure Foundations v2.0.0 ${c}`,
      ),
      docs: [docsOf('azurerm_security_center_subscription_pricing')],
    },
  },
  (pricing, ctx) => {
    // resource_type defaults to VirtualMachines.
    const plan = String(pricing.after?.resource_type ?? 'VirtualMachines');
    const tier = ctx.read(pricing, ['tier']);
    if (tier.state === 'unknown') return hiddenUntilApply('tier');
    return tier.value === 'Standard'
      ? pass(`Defender for ${plan} is on (tier = "Standard")`)
      : fail(
          `Defender for ${plan} is on tier "${String(
            tier.value,
          )}": threat detection is off; set tier = "Standard"`,
        );
  },
);

const LOG_PROFILE = ['azurerm_monitor_log_profile'];
const LOG_PROFILE_DOCS = [docsOf('azurerm_monitor_log_profile')];
const MIN_RETENTION_DAYS = 365;

export const logProfileRetention = resourceRule(
  {
    id: 'GW-AZ-069',
    title: `Activity log profiles keep logs at least ${MIN_RETENTION_DAYS} days`,
    severity: 'medium',
    resourceTypes: LOG_PROFILE,
    rationale:
      'Intrusions are often found months later; the activity log is the record of who changed ' +
      'what in the subscription, and Azure keeps it only 90 days on its own.',
    remediation: {
      text: `Set retention_policy.enabled = true with days >= ${MIN_RETENTION_DAYS}, or enabled = false to keep logs in the storage account forever. (Log profiles are retired; new subscriptions use azurerm_monitor_diagnostic_setting.)`,
      terraform:
        'resource "azurerm_monitor_log_profile" "main" {\n  # ...\n  retention_policy {\n    enabled = true\n    days    = 365\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_37'], docs: LOG_PROFILE_DOCS },
  },
  (profile, ctx) => {
    const enabled = ctx.read(profile, ['retention_policy', 0, 'enabled']);
    const days = ctx.read(profile, ['retention_policy', 0, 'days']);
    if (enabled.state === 'unknown')
      return hiddenUntilApply('retention_policy.enabled');
    if (enabled.value === false || enabled.value === 'false')
      return pass(
        'Logs are kept without a retention limit (retention_policy.enabled = false)',
      );
    if (enabled.value === null)
      return fail('retention_policy is not set: set days >= 365');
    if (days.state === 'unknown')
      return hiddenUntilApply('retention_policy.days');
    const n = asNumber(days.value) ?? 0;
    return n === 0 || n >= MIN_RETENTION_DAYS
      ? pass(
          `Logs are kept ${
            n === 0 ? 'forever' : `${n} days`
          } (retention_policy.days = ${n})`,
        )
      : fail(
          `retention_policy.days is ${n}: set it to ${MIN_RETENTION_DAYS} or more`,
        );
  },
);

const CATEGORIES = ['Write', 'Delete', 'Action'];

export const logProfileCategories = resourceRule(
  {
    id: 'GW-AZ-070',
    title: 'Activity log profiles capture writes, deletes and actions',
    severity: 'medium',
    resourceTypes: LOG_PROFILE,
    rationale:
      'A profile that drops a category loses that kind of change from the audit trail, e.g. every ' +
      'deletion.',
    remediation: {
      text: 'Set categories = ["Write", "Delete", "Action"].',
      terraform:
        'resource "azurerm_monitor_log_profile" "main" {\n  # ...\n  categories = ["Write", "Delete", "Action"]\n}',
    },
    references: { checkov: ['CKV_AZURE_38'], docs: LOG_PROFILE_DOCS },
  },
  (profile, ctx) => {
    const read = ctx.read(profile, ['categories']);
    if (read.state === 'unknown') return hiddenUntilApply('categories');
    const have = new Set(asStringList(read.value));
    const missing = CATEGORIES.filter(c => !have.has(c));
    return missing.length === 0
      ? pass('categories has Write, Delete and Action')
      : fail(
          `categories misses ${missing.join(
            ', ',
          )}: those changes are not logged`,
        );
  },
);
