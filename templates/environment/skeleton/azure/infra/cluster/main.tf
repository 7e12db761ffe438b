# AKS cluster of ${{ values.environment.name | hcl }}: private, Entra ID only, KMS-encrypted etcd.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

locals {
  resource_group_name = ${{ ('rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform') | hcl }}
  # The platform key vault azure-bootstrap made (bootstrap layer): the
  # cluster's KMS key{% if 'secret-store' in values.addonNames and values.secretStore != 'vault' %} and the platform's own secrets{% endif %} live there.
  platform_key_vault_id = ${{ ('/subscriptions/' ~ values.environment.cloud.account ~ '/resourceGroups/rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform/providers/Microsoft.KeyVault/vaults/kv-' ~ values.organization ~ '-' ~ values.environment.name ~ '-tf') | hcl }}
}

module "cluster" {
  source = ${{ values.moduleSources['azure-aks'] | hcl }}

  name                = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = local.resource_group_name
  node_subnet_id      = var.node_subnet_id
  key_vault_id        = local.platform_key_vault_id
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

# The cluster as AKS reports it, for its private endpoint and CA.
data "azurerm_kubernetes_cluster" "this" {
  name                = module.cluster.cluster_name
  resource_group_name = local.resource_group_name
}
{% if 'secret-store' in values.addonNames and values.secretStore != 'vault' %}

# The External Secrets Operator reads the platform's secrets (Key Vault
# secrets named "<environment>-platform-<name>") from the platform key vault
# and no other, as a managed identity of its own through AKS workload
# identity: a token of ESO's ServiceAccount (external-secrets/external-secrets)
# from this cluster's OIDC issuer, exchanged for the identity's, so no client
# secret exists anywhere. A service's secrets get an identity of their own.
resource "azurerm_user_assigned_identity" "external_secrets" {
  name                = ${{ ('id-platform-' ~ values.environment.name ~ '-external-secrets') | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = local.resource_group_name
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

# Trusts the tokens of ESO's ServiceAccount on this cluster only (the
# subject the secret-store ClusterSecretStore's serviceAccountRef names).
resource "azurerm_federated_identity_credential" "external_secrets" {
  name                = "aks-external-secrets-external-secrets"
  resource_group_name = local.resource_group_name
  parent_id           = azurerm_user_assigned_identity.external_secrets.id
  issuer              = module.cluster.oidc_issuer_url
  subject             = "system:serviceaccount:external-secrets:external-secrets"
  audience            = ["api://AzureADTokenExchange"]
}

# Reads secret values (Key Vault data plane, Azure RBAC), on the platform
# key vault only: not its keys, not another vault.
resource "azurerm_role_assignment" "external_secrets" {
  scope                = local.platform_key_vault_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.external_secrets.principal_id
  principal_type       = "ServicePrincipal"
}

# The platform key vault denies public network access but to trusted Azure
# services (azure-bootstrap), which the operator is not: the cluster reaches
# the vault through a private endpoint in its node subnet, which the vault's
# firewall does not apply to, under the private DNS name Key Vault's
# clients resolve (privatelink.vaultcore.azure.net).
resource "azurerm_private_dns_zone" "key_vault" {
  name                = "privatelink.vaultcore.azure.net"
  resource_group_name = local.resource_group_name
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

resource "azurerm_private_dns_zone_virtual_network_link" "key_vault" {
  name                  = ${{ ('platform-' ~ values.environment.name ~ '-key-vault') | hcl }}
  resource_group_name   = local.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.key_vault.name
  virtual_network_id    = split("/subnets/", var.node_subnet_id)[0]
  registration_enabled  = false
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

resource "azurerm_private_endpoint" "key_vault" {
  name                = ${{ ('pe-platform-' ~ values.environment.name ~ '-key-vault') | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = local.resource_group_name
  subnet_id           = var.node_subnet_id

  private_service_connection {
    name                           = "key-vault"
    private_connection_resource_id = local.platform_key_vault_id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "key-vault"
    private_dns_zone_ids = [azurerm_private_dns_zone.key_vault.id]
  }

  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
{% endif %}
{% if values.environment.delivery.mode == 'central' and values.environment.delivery.azureIdentity %}

# The central Argo CD reaches this cluster as its own managed identity
# (argocd-k8s-auth azure, workload identity; no token). Cluster admin through
# Azure RBAC, as it installs the add-ons' cluster-scoped objects.
resource "azurerm_role_assignment" "argocd" {
  scope                = data.azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = ${{ values.environment.delivery.azureIdentity.principalId | hcl }}
  principal_type       = "ServicePrincipal"
}
{% endif %}
