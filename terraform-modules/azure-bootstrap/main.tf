data "azurerm_client_config" "current" {}

locals {
  retention_days = var.production ? 90 : 30
}

resource "azurerm_resource_group" "platform" {
  name     = "rg-${var.organization}-${var.environment}-platform"
  location = var.location
  tags     = var.tags
}

# The key that encrypts the state storage account; purge protection keeps a
# deleted vault recoverable, so state cannot be made unreadable by mistake.
resource "azurerm_key_vault" "platform" {
  name                          = "kv-${var.organization}-${var.environment}-tf"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.platform.name
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  purge_protection_enabled      = true
  soft_delete_retention_days    = 90
  enable_rbac_authorization     = true
  public_network_access_enabled = true
  tags                          = var.tags

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
  }
}

resource "azurerm_key_vault_key" "state" {
  name         = "terraform-state"
  key_vault_id = azurerm_key_vault.platform.id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["unwrapKey", "wrapKey"]

  rotation_policy {
    expire_after         = "P2Y"
    notify_before_expiry = "P30D"

    automatic {
      time_before_expiry = "P30D"
    }
  }
}

resource "azurerm_user_assigned_identity" "state" {
  name                = "id-${var.organization}-${var.environment}-tfstate"
  location            = var.location
  resource_group_name = azurerm_resource_group.platform.name
  tags                = var.tags
}

resource "azurerm_role_assignment" "state_key" {
  scope                = azurerm_key_vault.platform.id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.state.principal_id
}

# Blob leases lock the state: no separate lock table is needed.
resource "azurerm_storage_account" "state" {
  name                            = "st${var.organization}${var.environment}tfstate"
  resource_group_name             = azurerm_resource_group.platform.name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = var.production ? "ZRS" : "LRS"
  account_kind                    = "StorageV2"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  tags                            = var.tags

  # State holds every secret Terraform has seen: only the networks that run
  # Terraform may reach it.
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
    ip_rules       = var.state_allowed_ip_ranges
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.state.id]
  }

  customer_managed_key {
    key_vault_key_id          = azurerm_key_vault_key.state.versionless_id
    user_assigned_identity_id = azurerm_user_assigned_identity.state.id
  }

  blob_properties {
    versioning_enabled = true

    delete_retention_policy {
      days = local.retention_days
    }

    container_delete_retention_policy {
      days = local.retention_days
    }
  }

  depends_on = [azurerm_role_assignment.state_key]
}

resource "azurerm_storage_container" "state" {
  name                  = "tfstate"
  storage_account_id    = azurerm_storage_account.state.id
  container_access_type = "private"
}
