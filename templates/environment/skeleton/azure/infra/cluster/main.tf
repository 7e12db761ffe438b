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
{% if 'velero' in values.addonNames %}

  # Velero's credentials file and its role on the cluster's disks name the
  # node resource group by AKS's default name (platform/values/velero): stop
  # here, before Velero is given the wrong group, if AKS named it otherwise.
  lifecycle {
    postcondition {
      condition     = self.node_resource_group == local.node_resource_group
      error_message = "AKS put the cluster's disks in a node resource group other than its default name; update local.node_resource_group and Velero's credentials file (platform/values/velero/values.yaml)."
    }
  }
{% endif %}
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
{% if 'velero' in values.addonNames %}
{% set backupDays = 30 if values.environment.production else 7 %}
{% set platformGroupId = '/subscriptions/' ~ values.environment.cloud.account ~ '/resourceGroups/rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform' %}
{% set nodeGroup = 'MC_rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform_platform-' ~ values.environment.name ~ '_' ~ values.environment.cloud.region %}
{% set backupAccount = ('st' ~ values.organization ~ values.environment.name ~ 'backups') | replace('-', '') %}

# Velero's backups: a storage account of the module factory's azure-bucket
# module (Entra ID only, no shared keys, no public blobs, TLS 1.2, firewall
# closed but to the node subnet, a customer-managed key of its own with
# infrastructure encryption beneath it, versioned, soft delete), and a
# managed identity for Velero's service account (workload identity) that may
# use that account's backup container and make disk snapshots, nothing else.
# See ../../DECISIONS.md ("Backups").
locals {
  # AKS's default node resource group (MC_<group>_<cluster>_<region>), where
  # the cluster's persistent volumes are managed disks; checked against what
  # AKS reports (data.azurerm_kubernetes_cluster.this).
  node_resource_group    = ${{ nodeGroup | hcl }}
  node_resource_group_id = ${{ ('/subscriptions/' ~ values.environment.cloud.account ~ '/resourceGroups/' ~ nodeGroup) | hcl }}
  # Velero's disk snapshots go to the platform resource group, which outlives
  # the cluster (AKS deletes the node resource group with it).
  snapshot_resource_group_id = ${{ platformGroupId | hcl }}
  backup_account_id          = ${{ (platformGroupId ~ '/providers/Microsoft.Storage/storageAccounts/' ~ backupAccount) | hcl }}
  # The cluster module's Log Analytics workspace (log-<cluster name>), named
  # rather than read from its output: azure-bucket counts its diagnostic
  # setting on it, and a count must be known when planning.
  log_analytics_workspace_id = ${{ (platformGroupId ~ '/providers/Microsoft.OperationalInsights/workspaces/log-platform-' ~ values.environment.name) | hcl }}
}

# The backup account's customer-managed key, a key of its own in the platform
# key vault (the cluster module's etcd key is its own), rotated every year.
resource "azurerm_key_vault_key" "backups" {
  name         = "velero-backups"
  key_vault_id = local.platform_key_vault_id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["unwrapKey", "wrapKey"]

  rotation_policy {
    expire_after         = "P2Y"
    notify_before_expiry = "P30D"

    automatic {
      time_after_creation = "P1Y"
    }
  }
}

# Storage wraps and unwraps the account's data keys as this identity, which
# may use that key and no other; Velero is granted nothing on the key.
resource "azurerm_user_assigned_identity" "backups_cmk" {
  name                = ${{ ('id-platform-' ~ values.environment.name ~ '-backups-cmk') | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = local.resource_group_name
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

resource "azurerm_role_assignment" "backups_cmk" {
  scope                = azurerm_key_vault_key.backups.resource_versionless_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.backups_cmk.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_user_assigned_identity" "velero" {
  name                = ${{ ('id-platform-' ~ values.environment.name ~ '-velero') | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = local.resource_group_name
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

# Trusts the tokens of Velero's ServiceAccount on this cluster only (the
# chart's server account, velero/velero).
resource "azurerm_federated_identity_credential" "velero" {
  name                = "aks-velero-velero"
  resource_group_name = local.resource_group_name
  parent_id           = azurerm_user_assigned_identity.velero.id
  issuer              = module.cluster.oidc_issuer_url
  subject             = "system:serviceaccount:velero:velero"
  audience            = ["api://AzureADTokenExchange"]
}

# Velero deletes a backup (and its snapshots) when its TTL passes: ${{ backupDays }} days,
# the Schedule's ttl in platform/backups. Velero's identity holds Storage Blob
# Data Contributor on the container only (the module's workload grant).
module "backups" {
  source = ${{ values.moduleSources['azure-bucket'] | hcl }}

  name                       = "platform-backups"
  storage_account_name       = ${{ backupAccount | hcl }}
  container_name             = "velero"
  environment                = ${{ values.environment.name | hcl }}
  production                 = ${{ values.environment.production | hcl }}
  resource_group_name        = local.resource_group_name
  location                   = ${{ values.environment.cloud.region | hcl }}
  cmk_key_id                 = azurerm_key_vault_key.backups.versionless_id
  cmk_identity_id            = azurerm_user_assigned_identity.backups_cmk.id
  workload_principal_id      = azurerm_user_assigned_identity.velero.principal_id
  allowed_subnet_ids         = [var.node_subnet_id]
  log_analytics_workspace_id = local.log_analytics_workspace_id
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }

  # The account encrypts with the key as soon as it exists: only once the
  # identity may use it. Its logs go to the cluster's workspace, once it is.
  depends_on = [azurerm_role_assignment.backups_cmk, module.cluster]
}

# `velero backup logs`, `describe --details` and `restore logs` read through
# download URLs that Velero signs with a user delegation key (no account
# key: shared keys are off); Azure hands those keys out per account, so the
# one action that gets them is granted on the backup account, no data access
# with it.
resource "azurerm_role_assignment" "velero_delegator" {
  scope                = local.backup_account_id
  role_definition_name = "Storage Blob Delegator"
  principal_id         = azurerm_user_assigned_identity.velero.principal_id
  principal_type       = "ServicePrincipal"
  depends_on           = [module.backups]
}

# The net under Velero's TTL: what it left behind a day later goes, and a
# version it replaced or deleted stays recoverable for one more retention
# period (soft delete then keeps it the module's days longer).
resource "azurerm_storage_management_policy" "backups" {
  storage_account_id = local.backup_account_id

  rule {
    name    = "velero-retention"
    enabled = true

    # Every blob of the velero container.
    filters {
      blob_types   = ["blockBlob"]
      prefix_match = ["velero/"]
    }

    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = ${{ (backupDays + 1) | hcl }}
      }

      version {
        delete_after_days_since_creation = ${{ backupDays | hcl }}
      }
    }
  }

  depends_on = [module.backups]
}

# Disk snapshots of persistent volumes (platform/backups'
# VolumeSnapshotLocation): the compute permissions of
# velero-plugin-for-microsoft-azure's README ("Specify Role", minimum
# permissions, tag v1.14.2) without its storage ones (the container grant
# above), split by where they act: the cluster's disks, read and created
# again on restore, in the node resource group; the snapshots in the platform
# resource group. Custom roles: the built-in Disk Snapshot Contributor would
# add storage account keys.
resource "azurerm_role_definition" "velero_disks" {
  name        = ${{ (values.organization ~ '-' ~ values.environment.name ~ '-velero-disks') | hcl }}
  scope       = local.node_resource_group_id
  description = ${{ ('Velero of ' ~ values.environment.name ~ ': read the disks of its cluster and create them again from snapshots.') | hcl }}

  permissions {
    actions = [
      "Microsoft.Compute/disks/read",
      "Microsoft.Compute/disks/write",
      "Microsoft.Compute/disks/beginGetAccess/action",
      "Microsoft.Compute/disks/endGetAccess/action",
    ]
  }

  assignable_scopes = [local.node_resource_group_id]

  # The node resource group exists once the cluster does (and is the one
  # AKS reports: the data source's postcondition).
  depends_on = [data.azurerm_kubernetes_cluster.this]
}

resource "azurerm_role_definition" "velero_snapshots" {
  name        = ${{ (values.organization ~ '-' ~ values.environment.name ~ '-velero-snapshots') | hcl }}
  scope       = local.snapshot_resource_group_id
  description = ${{ ('Velero of ' ~ values.environment.name ~ ': make, read and delete disk snapshots.') | hcl }}

  permissions {
    actions = [
      "Microsoft.Compute/snapshots/read",
      "Microsoft.Compute/snapshots/write",
      "Microsoft.Compute/snapshots/delete",
    ]
  }

  assignable_scopes = [local.snapshot_resource_group_id]
}

resource "azurerm_role_assignment" "velero_disks" {
  scope              = local.node_resource_group_id
  role_definition_id = azurerm_role_definition.velero_disks.role_definition_resource_id
  principal_id       = azurerm_user_assigned_identity.velero.principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_role_assignment" "velero_snapshots" {
  scope              = local.snapshot_resource_group_id
  role_definition_id = azurerm_role_definition.velero_snapshots.role_definition_resource_id
  principal_id       = azurerm_user_assigned_identity.velero.principal_id
  principal_type     = "ServicePrincipal"
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
