import { blocks } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { docsOf, expectFlag } from './support';

const ACR = ['azurerm_container_registry'];
const ACR_DOCS = [docsOf('azurerm_container_registry')];

export const acrAdminUser = resourceRule(
  {
    id: 'GW-AZ-051',
    title: 'Container registries disable the admin user',
    severity: 'high',
    resourceTypes: ACR,
    rationale:
      'The admin user is one shared username and password with push and pull rights on every ' +
      'repository; it cannot be scoped or attributed to a person or workload.',
    remediation: {
      text: 'Set admin_enabled = false and grant AcrPull/AcrPush roles to managed identities.',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  admin_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_137'], docs: ACR_DOCS },
  },
  (acr, ctx) =>
    expectFlag(ctx, acr, ['admin_enabled'], {
      want: false,
      byDefault: false,
      good: 'The admin user is disabled',
      bad: 'The shared admin user is enabled',
    }),
);

export const acrPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-052',
    title: 'Container registries disable public network access',
    severity: 'medium',
    resourceTypes: ACR,
    rationale:
      'A registry reachable from the internet lets leaked tokens pull private images (and the ' +
      'secrets baked into them) from anywhere.',
    remediation: {
      text: 'Set public_network_access_enabled = false (Premium SKU) and pull through a private endpoint.',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  sku                           = "Premium"\n  public_network_access_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_139'], docs: ACR_DOCS },
  },
  (acr, ctx) =>
    expectFlag(ctx, acr, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The registry has no public endpoint',
      bad: 'The registry is reachable from public networks',
    }),
);

export const acrAnonymousPull = resourceRule(
  {
    id: 'GW-AZ-053',
    title: 'Container registries do not allow anonymous pulls',
    severity: 'high',
    resourceTypes: ACR,
    rationale:
      'Anonymous pull makes every image in the registry downloadable by anyone who can reach it, ' +
      'without any credential.',
    remediation: {
      text: 'Set anonymous_pull_enabled = false (the default).',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  anonymous_pull_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_138'], docs: ACR_DOCS },
  },
  (acr, ctx) =>
    expectFlag(ctx, acr, ['anonymous_pull_enabled'], {
      want: false,
      byDefault: false,
      good: 'Pulls need credentials',
      bad: 'Anyone may pull images anonymously',
    }),
);

export const acrQuarantine = resourceRule(
  {
    id: 'GW-AZ-054',
    title: 'Container registries quarantine new images until scanned',
    severity: 'low',
    resourceTypes: ACR,
    rationale:
      'With quarantine on, a pushed image cannot be pulled until a scanner marks it verified, so ' +
      'vulnerable images do not reach clusters straight from CI.',
    remediation: {
      text: 'Set quarantine_policy_enabled = true (Premium SKU) and have your scanner release verified images.',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  sku                       = "Premium"\n  quarantine_policy_enabled = true\n}',
    },
    references: { checkov: ['CKV_AZURE_166'], docs: ACR_DOCS },
  },
  (acr, ctx) =>
    expectFlag(ctx, acr, ['quarantine_policy_enabled'], {
      want: true,
      byDefault: false,
      good: 'New images are quarantined until verified',
      bad: 'New images can be pulled before any scan',
    }),
);

export const acrZoneRedundancy = resourceRule(
  {
    id: 'GW-AZ-085',
    title: 'Production container registries are zone redundant',
    severity: 'low',
    resourceTypes: ACR,
    productionOnly: true,
    rationale:
      'When the registry is down, no node can pull an image, so scaling and restarts fail across ' +
      'every cluster; zone redundancy survives the loss of a datacenter.',
    remediation: {
      text: 'Set zone_redundancy_enabled = true (Premium SKU) on the registry and on each georeplications block.',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  sku                     = "Premium"\n  zone_redundancy_enabled = true\n}',
    },
    references: { checkov: ['CKV_AZURE_233'], docs: ACR_DOCS },
  },
  (acr, ctx) => {
    const registry = expectFlag(ctx, acr, ['zone_redundancy_enabled'], {
      want: true,
      byDefault: false,
      good: 'The registry is zone redundant',
      bad: 'The registry lives in one zone',
    });
    if (registry.verdict !== 'pass') return registry;
    const replicas = blocks(acr.after?.georeplications);
    const single = replicas.findIndex(r => r.zone_redundancy_enabled !== true);
    return single < 0
      ? registry
      : fail(
          `georeplications[${single}] (${String(
            replicas[single].location,
          )}) is not zone redundant: set zone_redundancy_enabled = true`,
        );
  },
);

export const acrRetentionPolicy = resourceRule(
  {
    id: 'GW-AZ-086',
    title: 'Container registries clean up untagged manifests',
    severity: 'low',
    resourceTypes: ACR,
    rationale:
      'Every CI push leaves untagged manifests behind; without a retention policy they pile up, ' +
      'cost storage and keep old vulnerable layers pullable by digest.',
    remediation: {
      text: 'Set retention_policy_in_days (azurerm 4; a retention_policy block before) on a Premium registry.',
      terraform:
        'resource "azurerm_container_registry" "main" {\n  # ...\n  sku                      = "Premium"\n  retention_policy_in_days = 30\n}',
    },
    references: { checkov: ['CKV_AZURE_167'], docs: ACR_DOCS },
  },
  (acr, ctx) => {
    if (acr.after && 'retention_policy' in acr.after)
      return expectFlag(ctx, acr, ['retention_policy', 0, 'enabled'], {
        want: true,
        byDefault: false,
        good: 'Untagged manifests are deleted',
        bad: 'Untagged manifests are kept forever',
      });
    const days = ctx.read(acr, ['retention_policy_in_days']);
    if (days.state === 'unknown')
      // Computed and unset: the provider's value is not documented for every
      // version, so this is not judged as a default.
      return hiddenUntilApply('retention_policy_in_days');
    return typeof days.value === 'number' && days.value > 0
      ? pass(
          `Untagged manifests are deleted after ${days.value} days (retention_policy_in_days)`,
        )
      : fail(
          'retention_policy_in_days is not set: untagged manifests are kept forever',
        );
  },
);
