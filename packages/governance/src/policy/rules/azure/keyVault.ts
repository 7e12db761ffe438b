import { isFalse, pass, resourceRule } from '../helpers';
import { docsOf, expectFlag, expectOneOf, expectSet } from './support';

const VAULT = ['azurerm_key_vault'];
const VAULT_DOCS = [docsOf('azurerm_key_vault')];

export const keyVaultNetworkDefaultDeny = resourceRule(
  {
    id: 'GW-AZ-024',
    title: 'Key vault firewalls deny by default',
    severity: 'high',
    resourceTypes: VAULT,
    rationale:
      'A vault whose firewall allows every network is one leaked token away from handing out its ' +
      'secrets to anyone on the internet.',
    remediation: {
      text: 'Add network_acls with default_action = "Deny" and list the allowed subnets or ranges.',
      terraform:
        'resource "azurerm_key_vault" "main" {\n  # ...\n  network_acls {\n    default_action             = "Deny"\n    bypass                     = "AzureServices"\n    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_109'], docs: VAULT_DOCS },
  },
  (kv, ctx) => {
    const pna = ctx.read(kv, ['public_network_access_enabled']);
    if (pna.state === 'known' && isFalse(pna.value))
      return pass(
        'The vault has no public endpoint (public_network_access_enabled = false)',
      );
    return expectOneOf(ctx, kv, ['network_acls', 0, 'default_action'], {
      allowed: ['Deny'],
      // Without network_acls the vault accepts every network.
      byDefault: 'Allow',
      good: 'Only listed networks may reach the vault',
      bad: 'Every network may reach the vault',
    });
  },
);

export const keyVaultPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-025',
    title: 'Key vaults disable public network access',
    severity: 'medium',
    resourceTypes: VAULT,
    rationale:
      'With public network access off the vault answers only on private endpoints, which takes ' +
      'its secrets off the internet entirely.',
    remediation: {
      text: 'Set public_network_access_enabled = false and add an azurerm_private_endpoint for the vault.',
      terraform:
        'resource "azurerm_key_vault" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: {
      checkov: ['CKV_AZURE_189'],
      docs: VAULT_DOCS,
    },
  },
  (kv, ctx) =>
    expectFlag(ctx, kv, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The vault has no public endpoint',
      bad: 'The vault is reachable from public networks',
    }),
);

export const keyVaultKeyExpiry = resourceRule(
  {
    id: 'GW-AZ-026',
    title: 'Key Vault keys have an expiration date',
    severity: 'medium',
    resourceTypes: ['azurerm_key_vault_key'],
    rationale:
      'Keys without an expiry are used forever; an expiration date forces rotation and bounds ' +
      'how long a stolen key stays useful.',
    remediation: {
      text: 'Set expiration_date, or a rotation_policy with expire_after.',
      terraform:
        'resource "azurerm_key_vault_key" "data" {\n  # ...\n  expiration_date = "2027-06-30T00:00:00Z"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_40'],
      cis: [
        'CIS Azure Foundations v2.0.0 8.1',
        'CIS Azure Foundations v2.0.0 8.2',
      ],
      docs: [docsOf('azurerm_key_vault_key')],
    },
  },
  (key, ctx) => {
    const rotation = ctx.read(key, ['rotation_policy', 0, 'expire_after']);
    if (rotation.state === 'known' && typeof rotation.value === 'string')
      return pass(
        `Key versions expire by rotation_policy.expire_after (${rotation.value})`,
      );
    return expectSet(ctx, key, ['expiration_date'], {
      good: 'The key expires',
      bad: 'The key never expires',
    });
  },
);

export const keyVaultSecretExpiry = resourceRule(
  {
    id: 'GW-AZ-027',
    title: 'Key Vault secrets have an expiration date',
    severity: 'medium',
    resourceTypes: ['azurerm_key_vault_secret'],
    rationale:
      'A secret with no expiry is never rotated by default; an expiration date makes rotation a ' +
      'deadline and surfaces forgotten credentials.',
    remediation: {
      text: 'Set expiration_date on the secret and rotate it before then.',
      terraform:
        'resource "azurerm_key_vault_secret" "db_password" {\n  # ...\n  expiration_date = "2027-06-30T00:00:00Z"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_41'],
      cis: [
        'CIS Azure Foundations v2.0.0 8.3',
        'CIS Azure Foundations v2.0.0 8.4',
      ],
      docs: [docsOf('azurerm_key_vault_secret')],
    },
  },
  (secret, ctx) =>
    expectSet(ctx, secret, ['expiration_date'], {
      good: 'The secret expires',
      bad: 'The secret never expires',
    }),
);

export const keyVaultSecretContentType = resourceRule(
  {
    id: 'GW-AZ-028',
    title: 'Key Vault secrets declare a content type',
    severity: 'low',
    resourceTypes: ['azurerm_key_vault_secret'],
    rationale:
      'The content type tells whoever rotates or reads the secret what it is (a password, a ' +
      'connection string, a PEM), which keeps rotations from breaking consumers.',
    remediation: {
      text: 'Set content_type, e.g. "password" or "application/x-pem-file".',
      terraform:
        'resource "azurerm_key_vault_secret" "db_password" {\n  # ...\n  content_type = "password"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_114'],
      docs: [docsOf('azurerm_key_vault_secret')],
    },
  },
  (secret, ctx) =>
    expectSet(ctx, secret, ['content_type'], {
      good: 'The secret says what it holds',
      bad: 'The secret does not say what it holds',
    }),
);

export const keyVaultKeyHsm = resourceRule(
  {
    id: 'GW-AZ-029',
    title: 'Key Vault keys are backed by an HSM',
    severity: 'low',
    resourceTypes: ['azurerm_key_vault_key'],
    rationale:
      'HSM-backed keys never leave the hardware module (FIPS 140 Level 3), so even the service ' +
      'cannot export them; software keys can be.',
    remediation: {
      text: 'Use key_type = "RSA-HSM" or "EC-HSM" in a Premium vault.',
      terraform:
        'resource "azurerm_key_vault_key" "data" {\n  # ...\n  key_type = "RSA-HSM"\n  key_size = 3072\n}',
    },
    references: {
      checkov: ['CKV_AZURE_112'],
      docs: [docsOf('azurerm_key_vault_key')],
    },
  },
  (key, ctx) =>
    expectOneOf(ctx, key, ['key_type'], {
      allowed: ['RSA-HSM', 'EC-HSM'],
      good: 'The key lives in an HSM',
      bad: 'The key is software-protected',
    }),
);
