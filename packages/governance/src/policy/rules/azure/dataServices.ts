import { asStringList } from '../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  isFalse,
  pass,
  resourceRule,
} from '../helpers';
import { attrOf, docsOf, expectFlag, expectOneOf, expectSet } from './support';

const REDIS = ['azurerm_redis_cache'];
const REDIS_DOCS = [docsOf('azurerm_redis_cache')];
const COSMOS = ['azurerm_cosmosdb_account'];
const COSMOS_DOCS = [docsOf('azurerm_cosmosdb_account')];

export const redisNonSslPort = resourceRule(
  {
    id: 'GW-AZ-060',
    title: 'Redis caches keep the non-TLS port closed',
    severity: 'high',
    resourceTypes: REDIS,
    rationale:
      'On port 6379 the access key and every cached value travel in clear text.',
    remediation: {
      text: 'Set non_ssl_port_enabled = false (enable_non_ssl_port before azurerm 4.0).',
      terraform:
        'resource "azurerm_redis_cache" "main" {\n  # ...\n  non_ssl_port_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_91'], docs: REDIS_DOCS },
  },
  (redis, ctx) =>
    expectFlag(
      ctx,
      redis,
      [attrOf(redis, ['non_ssl_port_enabled', 'enable_non_ssl_port'])],
      {
        want: false,
        byDefault: false,
        good: 'Only TLS connections are accepted',
        bad: 'The non-TLS port 6379 is open',
      },
    ),
);

export const redisPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-061',
    title: 'Redis caches disable public network access',
    severity: 'medium',
    resourceTypes: REDIS,
    rationale:
      'A cache reachable from the internet is protected by one access key; caches often hold ' +
      'sessions and tokens.',
    remediation: {
      text: 'Set public_network_access_enabled = false and connect through a private endpoint.',
      terraform:
        'resource "azurerm_redis_cache" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_89'], docs: REDIS_DOCS },
  },
  (redis, ctx) =>
    expectFlag(ctx, redis, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The cache has no public endpoint',
      bad: 'The cache is reachable from public networks',
    }),
);

export const redisMinTls = resourceRule(
  {
    id: 'GW-AZ-062',
    title: 'Redis caches require TLS 1.2',
    severity: 'medium',
    resourceTypes: REDIS,
    rationale:
      'TLS 1.0 and 1.1 are being retired by Azure Cache for Redis because of known weaknesses.',
    remediation: {
      text: 'Set minimum_tls_version = "1.2".',
      terraform:
        'resource "azurerm_redis_cache" "main" {\n  # ...\n  minimum_tls_version = "1.2"\n}',
    },
    references: { checkov: ['CKV_AZURE_148'], docs: REDIS_DOCS },
  },
  (redis, ctx) =>
    expectOneOf(ctx, redis, ['minimum_tls_version'], {
      allowed: ['1.2', '1.3'],
      byDefault: '1.2',
      good: 'Clients must use TLS 1.2 or newer',
      bad: 'Clients may use TLS older than 1.2',
    }),
);

export const cosmosPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-063',
    title: 'Cosmos DB accounts disable public network access',
    severity: 'high',
    resourceTypes: COSMOS,
    rationale:
      'With public network access on and no filter, the account answers anyone on the internet ' +
      'who holds a key.',
    remediation: {
      text: 'Set public_network_access_enabled = false and connect through a private endpoint.',
      terraform:
        'resource "azurerm_cosmosdb_account" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_101'], docs: COSMOS_DOCS },
  },
  (cosmos, ctx) =>
    expectFlag(ctx, cosmos, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The account has no public endpoint',
      bad: 'The account is reachable from public networks',
    }),
);

export const cosmosRestrictedAccess = resourceRule(
  {
    id: 'GW-AZ-064',
    title: 'Cosmos DB accounts with a public endpoint filter networks',
    severity: 'high',
    resourceTypes: COSMOS,
    rationale:
      'A public endpoint without a virtual network or IP filter accepts connections from every ' +
      'address; the keys are then the only barrier.',
    remediation: {
      text: 'Turn public access off, or set is_virtual_network_filter_enabled = true with virtual_network_rule blocks or ip_range_filter.',
      terraform:
        'resource "azurerm_cosmosdb_account" "main" {\n  # ...\n  is_virtual_network_filter_enabled = true\n  virtual_network_rule {\n    id = azurerm_subnet.app.id\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_99'], docs: COSMOS_DOCS },
  },
  (cosmos, ctx) => {
    const pna = ctx.read(cosmos, ['public_network_access_enabled']);
    if (pna.state === 'known' && isFalse(pna.value))
      return pass(
        'The account has no public endpoint (public_network_access_enabled = false)',
      );
    const filter = ctx.read(cosmos, ['is_virtual_network_filter_enabled']);
    const ranges = ctx.read(cosmos, ['ip_range_filter']);
    const vnets = ctx.read(cosmos, ['virtual_network_rule']);
    if (
      [filter, ranges, vnets].some(r => r.state === 'unknown' && r.configured)
    )
      return hiddenUntilApply('The network filter');
    const filterOn =
      filter.state === 'known' &&
      (filter.value === true || filter.value === 'true');
    const hasVnets =
      vnets.state === 'known' &&
      Array.isArray(vnets.value) &&
      vnets.value.length > 0;
    const ipRanges =
      ranges.state === 'known'
        ? asStringList(ranges.value).flatMap(r => r.split(','))
        : [];
    if (ipRanges.some(r => r.trim() === '0.0.0.0/0'))
      return fail(
        'ip_range_filter includes 0.0.0.0/0: every address may connect',
      );
    if (ipRanges.length > 0)
      return pass(
        `Only ip_range_filter addresses may connect (${ipRanges.join(', ')})`,
      );
    if (filterOn && hasVnets)
      return pass(
        'Only the listed virtual networks may connect (is_virtual_network_filter_enabled = true)',
      );
    return fail(
      'The public endpoint accepts every network: set is_virtual_network_filter_enabled = true with virtual_network_rule, or ip_range_filter',
    );
  },
);

export const cosmosLocalAuth = resourceRule(
  {
    id: 'GW-AZ-065',
    title: 'Cosmos DB accounts disable key-based authentication',
    severity: 'medium',
    resourceTypes: COSMOS,
    rationale:
      'Account keys grant full data access, never expire and cannot be tied to a person; Entra ID ' +
      'with data-plane RBAC can.',
    remediation: {
      text: 'Set local_authentication_disabled = true (local_authentication_enabled = false in provider versions that renamed it) and grant Cosmos DB data-plane roles to identities.',
      terraform:
        'resource "azurerm_cosmosdb_account" "main" {\n  # ...\n  local_authentication_disabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_140'],
      cis: ['CIS Azure Foundations v2.0.0 4.5.3'],
      docs: COSMOS_DOCS,
    },
  },
  (cosmos, ctx) => {
    // Newer provider versions invert the flag: local_authentication_enabled.
    const name = attrOf(cosmos, [
      'local_authentication_disabled',
      'local_authentication_enabled',
    ]);
    const inverted = name === 'local_authentication_enabled';
    return expectFlag(ctx, cosmos, [name], {
      want: !inverted,
      byDefault: inverted,
      good: 'Only Entra ID identities may sign in',
      bad: 'Account keys may be used',
    });
  },
);

export const cosmosCustomerManagedKey = resourceRule(
  {
    id: 'GW-AZ-066',
    title: 'Cosmos DB accounts encrypt with a customer-managed key',
    severity: 'low',
    resourceTypes: COSMOS,
    rationale:
      'A customer-managed key lets the team revoke access to the data at rest; it can only be ' +
      'set when the account is created.',
    remediation: {
      text: 'Set key_vault_key_id to a versionless Key Vault key id when creating the account.',
      terraform:
        'resource "azurerm_cosmosdb_account" "main" {\n  # ...\n  key_vault_key_id = azurerm_key_vault_key.cosmos.versionless_id\n}',
    },
    references: { checkov: ['CKV_AZURE_100'], docs: COSMOS_DOCS },
  },
  (cosmos, ctx) =>
    expectSet(ctx, cosmos, ['key_vault_key_id'], {
      good: 'Data is encrypted with a customer-managed key',
      bad: 'Data is encrypted with Microsoft-managed keys only',
    }),
);

export const cosmosKeyMetadataWrites = resourceRule(
  {
    id: 'GW-AZ-067',
    title: 'Cosmos DB account keys cannot change account settings',
    severity: 'medium',
    resourceTypes: COSMOS,
    rationale:
      'With metadata writes allowed, anyone holding a data key can also change databases, ' +
      'throughput and indexing, escalating a data leak into control of the account.',
    remediation: {
      text: 'Set access_key_metadata_writes_enabled = false and manage the account through Azure Resource Manager.',
      terraform:
        'resource "azurerm_cosmosdb_account" "main" {\n  # ...\n  access_key_metadata_writes_enabled = false\n}',
    },
    references: { checkov: ['CKV_AZURE_132'], docs: COSMOS_DOCS },
  },
  (cosmos, ctx) =>
    expectFlag(ctx, cosmos, ['access_key_metadata_writes_enabled'], {
      want: false,
      byDefault: true,
      good: 'Account keys cannot change account settings',
      bad: 'Account keys may change account settings',
    }),
);

export const redisReplication = resourceRule(
  {
    id: 'GW-AZ-087',
    title: 'Production Redis caches run with a replica',
    severity: 'medium',
    resourceTypes: REDIS,
    productionOnly: true,
    rationale:
      'The Basic tier is one node with no SLA: patching or a host failure empties the cache and ' +
      'takes it offline; Standard and Premium keep a replica to fail over to.',
    remediation: {
      text: 'Set sku_name = "Standard" or "Premium".',
      terraform:
        'resource "azurerm_redis_cache" "main" {\n  # ...\n  sku_name = "Standard"\n  family   = "C"\n  capacity = 1\n}',
    },
    references: { checkov: ['CKV_AZURE_230'], docs: REDIS_DOCS },
  },
  (redis, ctx) =>
    expectOneOf(ctx, redis, ['sku_name'], {
      allowed: ['Standard', 'Premium'],
      good: 'The cache has a replica',
      bad: 'The cache is a single node',
    }),
);
