locals {
  # The mandatory tags come last so that extra_tags cannot override them.
  tags = merge(var.extra_tags, {
    Owner              = var.owner
    Environment        = var.environment
    CostCenter         = var.cost_center
    DataClassification = var.data_classification
    Service            = var.name
    ManagedBy          = "terraform"
  })

  soft_delete_days = var.production ? 90 : 30
  geo_backup       = var.geo_backup_location != null
}

data "azurerm_client_config" "current" {}

# One resource group per service and environment: its budget, its access
# reviews and its deletion all follow the group.
resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}-${var.environment}"
  location = var.location
  tags     = local.tags
}

# The service's secrets (read by External Secrets Operator through the
# service's workload identity, see azure-service) and its encryption key.
# RBAC authorization instead of access policies: access is granted by role
# assignments scoped to the vault or the key, reviewed like any other.
resource "azurerm_key_vault" "this" {
  name                          = var.key_vault_name
  location                      = var.location
  resource_group_name           = azurerm_resource_group.this.name
  tenant_id                     = var.tenant_id
  sku_name                      = "standard"
  purge_protection_enabled      = true
  soft_delete_retention_days    = local.soft_delete_days
  enable_rbac_authorization     = true
  public_network_access_enabled = true
  tags                          = local.tags

  # Public endpoint, deny by default: only trusted Azure services (storage
  # and PostgreSQL unwrapping the key) and the listed addresses and subnets.
  network_acls {
    bypass                     = "AzureServices"
    default_action             = "Deny"
    ip_rules                   = var.key_vault_allowed_ip_ranges
    virtual_network_subnet_ids = var.key_vault_allowed_subnet_ids
  }
}

# With RBAC authorization nobody may use the vault's data plane until a role
# says so, not even its creator: Terraform needs to create the key below.
resource "azurerm_role_assignment" "deployer" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Administrator"
  principal_id         = data.azurerm_client_config.current.object_id
}

# The customer-managed key of the service's storage account and database.
resource "azurerm_key_vault_key" "cmk" {
  name            = "cmk-${var.name}"
  key_vault_id    = azurerm_key_vault.this.id
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["unwrapKey", "wrapKey"]
  tags            = local.tags

  # A new version every year, before the current one expires; storage and
  # PostgreSQL follow the versionless id to the newest version.
  rotation_policy {
    expire_after         = "P2Y"
    notify_before_expiry = "P30D"

    automatic {
      time_after_creation = "P1Y"
    }
  }

  depends_on = [azurerm_role_assignment.deployer]
}

# The identity storage and PostgreSQL use to wrap and unwrap their data keys.
resource "azurerm_user_assigned_identity" "cmk" {
  name                = "id-${var.name}-${var.environment}-cmk"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

# Scoped to the key, not the vault: the identity can use this key and no other.
resource "azurerm_role_assignment" "cmk" {
  scope                = azurerm_key_vault_key.cmk.resource_versionless_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.cmk.principal_id
}

# --- Geo-redundant backups (optional) ---------------------------------------------

# PostgreSQL encrypts geo-redundant backups with a key and an identity in the
# backup's (paired) region, never across regions: the same vault, key and
# identity again, there.
resource "azurerm_key_vault" "geo" {
  count = local.geo_backup ? 1 : 0

  name                          = var.geo_backup_key_vault_name
  location                      = var.geo_backup_location
  resource_group_name           = azurerm_resource_group.this.name
  tenant_id                     = var.tenant_id
  sku_name                      = "standard"
  purge_protection_enabled      = true
  soft_delete_retention_days    = local.soft_delete_days
  enable_rbac_authorization     = true
  public_network_access_enabled = true
  tags                          = local.tags

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
    ip_rules       = var.key_vault_allowed_ip_ranges
  }

  lifecycle {
    precondition {
      condition     = var.geo_backup_key_vault_name != null
      error_message = "geo_backup_location needs geo_backup_key_vault_name."
    }
  }
}

resource "azurerm_role_assignment" "deployer_geo" {
  count = local.geo_backup ? 1 : 0

  scope                = azurerm_key_vault.geo[0].id
  role_definition_name = "Key Vault Administrator"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_key" "geo" {
  count = local.geo_backup ? 1 : 0

  name         = "cmk-${var.name}-geo"
  key_vault_id = azurerm_key_vault.geo[0].id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["unwrapKey", "wrapKey"]
  tags         = local.tags

  rotation_policy {
    expire_after         = "P2Y"
    notify_before_expiry = "P30D"

    automatic {
      time_after_creation = "P1Y"
    }
  }

  depends_on = [azurerm_role_assignment.deployer_geo]
}

resource "azurerm_user_assigned_identity" "geo" {
  count = local.geo_backup ? 1 : 0

  name                = "id-${var.name}-${var.environment}-cmk-geo"
  location            = var.geo_backup_location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_role_assignment" "geo" {
  count = local.geo_backup ? 1 : 0

  scope                = azurerm_key_vault_key.geo[0].resource_versionless_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.geo[0].principal_id
}

# --- Budget --------------------------------------------------------------------------

# Azure budgets start on the first day of a month and may not start in a
# past month, so the start is the month of the first apply, then left alone.
resource "azurerm_consumption_budget_resource_group" "this" {
  name              = "budget-${var.name}-${var.environment}-${lower(var.currency)}"
  resource_group_id = azurerm_resource_group.this.id
  amount            = var.monthly_budget
  time_grain        = "Monthly"

  time_period {
    start_date = formatdate("YYYY-MM-01'T'00:00:00Z", timestamp())
  }

  notification {
    enabled        = true
    threshold      = 80
    threshold_type = "Forecasted"
    operator       = "GreaterThan"
    contact_emails = var.budget_alert_emails
  }

  notification {
    enabled        = true
    threshold      = 100
    threshold_type = "Actual"
    operator       = "GreaterThanOrEqualTo"
    contact_emails = var.budget_alert_emails
  }

  lifecycle {
    ignore_changes = [time_period]
  }
}
