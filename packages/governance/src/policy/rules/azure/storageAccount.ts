import type { PlanResource } from '../../../plan/types';
import { asStringList } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  isFalse,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';
import { docsOf, expectFlag, expectOneOf, firstBlock } from './support';

const STORAGE = ['azurerm_storage_account'];
const STORAGE_DOCS = [docsOf('azurerm_storage_account')];
const NETWORK_RULES = 'azurerm_storage_account_network_rules';

/** Whether the plan declares any resource of `type` (one map lookup). */
const planHas = (ctx: RuleContext, type: string) =>
  (ctx.plan.byType.get(type)?.length ?? 0) > 0;

/** True when the account has no public endpoint at all. */
function publicEndpointOff(sa: PlanResource, ctx: RuleContext): boolean {
  const read = ctx.read(sa, ['public_network_access_enabled']);
  return read.state === 'known' && isFalse(read.value);
}

export const storagePublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-018',
    title: 'Storage accounts disable public network access',
    severity: 'medium',
    resourceTypes: STORAGE,
    rationale:
      'With public network access off the account is reachable only through private endpoints, ' +
      'so a leaked key or SAS token is useless from outside the network.',
    remediation: {
      text: 'Set public_network_access_enabled = false and reach the account through a private endpoint.',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: {
      checkov: ['CKV_AZURE_59'],
      docs: STORAGE_DOCS,
    },
  },
  (sa, ctx) =>
    expectFlag(ctx, sa, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The account has no public endpoint',
      bad: 'The account is reachable from public networks',
    }),
);

function judgeDefaultAction(
  r: PlanResource,
  ctx: RuleContext,
  path: Array<string | number>,
  label: string,
): RuleOutcome {
  const read = ctx.read(r, path);
  if (read.state === 'unknown') return hiddenUntilApply(label);
  return read.value === 'Deny'
    ? pass(`Only listed networks are allowed (${label} = "Deny")`)
    : fail(
        `${label} is "${String(
          read.value ?? 'Allow',
        )}": every network may connect; set it to "Deny" and list the allowed networks`,
      );
}

export const storageNetworkDefaultDeny = resourceRule(
  {
    id: 'GW-AZ-019',
    title: 'Storage account firewalls deny by default',
    severity: 'high',
    resourceTypes: [...STORAGE, NETWORK_RULES],
    rationale:
      'With default action Allow the storage firewall lets every network in and only the keys ' +
      'stand between the internet and the data.',
    remediation: {
      text: 'Set network_rules.default_action = "Deny" and list allowed subnets and IP ranges (or use azurerm_storage_account_network_rules).',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  network_rules {\n    default_action             = "Deny"\n    bypass                     = ["AzureServices"]\n    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_35'],
      cis: ['CIS Azure Foundations v2.0.0 3.8'],
      docs: STORAGE_DOCS,
    },
  },
  (r, ctx) => {
    if (r.type === NETWORK_RULES)
      return judgeDefaultAction(r, ctx, ['default_action'], 'default_action');
    if (publicEndpointOff(r, ctx))
      return pass(
        'The account has no public endpoint (public_network_access_enabled = false)',
      );
    const inline = ctx.read(r, ['network_rules']);
    // Computed but not written in the configuration: no inline rules.
    const hasInline =
      inline.state === 'unknown'
        ? inline.configured
        : Array.isArray(inline.value) && inline.value.length > 0;
    if (hasInline)
      return judgeDefaultAction(
        r,
        ctx,
        ['network_rules', 0, 'default_action'],
        'network_rules.default_action',
      );
    if (planHas(ctx, NETWORK_RULES))
      return notApplicable(
        'network_rules is not set inline; the plan manages storage firewalls with azurerm_storage_account_network_rules, which this rule judges on its own.',
      );
    return fail(
      'network_rules is not set: the storage firewall allows every network; add network_rules with default_action = "Deny"',
    );
  },
);

export const storageTrustedServices = resourceRule(
  {
    id: 'GW-AZ-020',
    title: 'Storage firewalls let trusted Azure services through',
    severity: 'low',
    resourceTypes: [...STORAGE, NETWORK_RULES],
    rationale:
      'A deny-by-default storage firewall without the AzureServices bypass blocks Azure Backup, ' +
      'Monitor diagnostic logs and Defender scans, which teams then work around by opening the firewall.',
    remediation: {
      text: 'Include "AzureServices" in network_rules.bypass.',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  network_rules {\n    default_action = "Deny"\n    bypass         = ["AzureServices", "Logging", "Metrics"]\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_36'],
      cis: ['CIS Azure Foundations v2.0.0 3.9'],
      docs: STORAGE_DOCS,
    },
  },
  (r, ctx) => {
    const inline = r.type === NETWORK_RULES;
    const rules = inline
      ? r.after ?? undefined
      : firstBlock(r, 'network_rules');
    if (!rules || rules.default_action !== 'Deny')
      return notApplicable(
        'The storage firewall does not deny by default, so nothing needs a bypass.',
      );
    const path = inline ? ['bypass'] : ['network_rules', 0, 'bypass'];
    const label = inline ? 'bypass' : 'network_rules.bypass';
    const read = ctx.read(r, path);
    if (read.state === 'unknown')
      return read.configured
        ? hiddenUntilApply(label)
        : pass(`${label} defaults to AzureServices (provider default)`);
    if (read.value === null)
      return pass(`${label} defaults to AzureServices (provider default)`);
    return asStringList(read.value).includes('AzureServices')
      ? pass(
          `Trusted Azure services may pass the firewall (${label} has AzureServices)`,
        )
      : fail(
          `${label} does not include "AzureServices": Azure Backup and Monitor are blocked`,
        );
  },
);

const QUEUE_PROPERTIES = 'azurerm_storage_account_queue_properties';

/** Judges a `logging` block of queue properties; `label` names where it sits. */
function judgeQueueLogging(
  r: PlanResource,
  ctx: RuleContext,
  path: Array<string | number>,
  label: string,
): RuleOutcome | undefined {
  const read = ctx.read(r, path);
  if (read.state === 'unknown')
    return read.configured ? hiddenUntilApply(label) : undefined;
  const logging = Array.isArray(read.value) ? read.value[0] : undefined;
  if (!logging || typeof logging !== 'object' || Array.isArray(logging))
    return undefined;
  const off = ['read', 'write', 'delete'].filter(
    k => logging[k] !== true && logging[k] !== 'true',
  );
  return off.length === 0
    ? pass(`${label} records read, write and delete`)
    : fail(`${label} does not record ${off.join(', ')}: set them to true`);
}

export const storageQueueLogging = resourceRule(
  {
    id: 'GW-AZ-021',
    title: 'Storage queue requests are logged',
    severity: 'medium',
    resourceTypes: [...STORAGE, QUEUE_PROPERTIES],
    rationale:
      'Queue read, write and delete logs are the only record of who consumed or removed a message ' +
      'when a job goes missing or a key leaks.',
    remediation: {
      text: 'Add an azurerm_storage_account_queue_properties with logging read, write and delete = true (queue_properties.logging on the account before azurerm 4.x moved it out).',
      terraform:
        'resource "azurerm_storage_account_queue_properties" "data" {\n  storage_account_id = azurerm_storage_account.data.id\n  logging {\n    version               = "1.0"\n    read                  = true\n    write                 = true\n    delete                = true\n    retention_policy_days = 30\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_33'],
      cis: ['CIS Azure Foundations v2.0.0 3.5'],
      docs: [...STORAGE_DOCS, docsOf(QUEUE_PROPERTIES)],
    },
  },
  (r, ctx) => {
    if (r.type === QUEUE_PROPERTIES)
      return (
        judgeQueueLogging(r, ctx, ['logging'], 'logging') ??
        fail('logging is not set: queue requests are not logged')
      );
    const kind = r.after?.account_kind;
    if (typeof kind === 'string' && kind !== 'StorageV2' && kind !== 'Storage')
      return notApplicable(`account_kind ${kind} has no queue service.`);
    const inline = judgeQueueLogging(
      r,
      ctx,
      ['queue_properties', 0, 'logging'],
      'queue_properties.logging',
    );
    if (inline) return inline;
    if (planHas(ctx, QUEUE_PROPERTIES))
      return notApplicable(
        'queue_properties is not set inline; the plan manages queue properties with azurerm_storage_account_queue_properties, which this rule judges on its own.',
      );
    return fail(
      'queue_properties.logging is not set: queue requests are not logged; add azurerm_storage_account_queue_properties with logging',
    );
  },
);

export const storageReplication = resourceRule(
  {
    id: 'GW-AZ-022',
    title: 'Production storage accounts replicate to a second region',
    severity: 'medium',
    resourceTypes: STORAGE,
    productionOnly: true,
    rationale:
      'LRS and ZRS keep every copy in one region; a regional outage or disaster then takes the ' +
      'only copies of production data with it.',
    remediation: {
      text: 'Set account_replication_type to GRS, RAGRS, GZRS or RAGZRS.',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  account_replication_type = "GZRS"\n}',
    },
    references: { checkov: ['CKV_AZURE_206'], docs: STORAGE_DOCS },
  },
  (sa, ctx) =>
    expectOneOf(ctx, sa, ['account_replication_type'], {
      allowed: ['GRS', 'RAGRS', 'GZRS', 'RAGZRS'],
      good: 'Data is replicated to a paired region',
      bad: 'Data stays in one region',
    }),
);

export const storageLocalUsers = resourceRule(
  {
    id: 'GW-AZ-023',
    title: 'Storage accounts disable local SFTP users',
    severity: 'low',
    resourceTypes: STORAGE,
    rationale:
      'Local users authenticate with their own passwords or keys outside Entra ID, so their ' +
      'access escapes conditional access and identity reviews.',
    remediation: {
      text: 'Set local_user_enabled = false unless the account serves SFTP.',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  local_user_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_244'], docs: STORAGE_DOCS },
  },
  (sa, ctx) =>
    expectFlag(ctx, sa, ['local_user_enabled'], {
      want: false,
      byDefault: true,
      good: 'Local users are disabled',
      bad: 'Local users may sign in',
    }),
);
