data "azurerm_client_config" "current" {}

locals {
  sku_name       = coalesce(var.sku_name, var.production ? "GP_Standard_D2ds_v5" : "B_Standard_B1ms")
  database_name  = replace(var.name, "-", "_")
  backup_days    = var.production ? 30 : 7
  geo_backup_key = var.production ? var.geo_backup_key_id : null
  geo_backup_id  = var.production ? var.geo_backup_identity_id : null
  identity_ids   = var.production ? [var.cmk_identity_id, var.geo_backup_identity_id] : [var.cmk_identity_id]
}

# Private access: the server lives in the delegated subnet and has no public
# endpoint. Entra ID authentication only: there is no administrator password
# to create, store or leak.
resource "azurerm_postgresql_flexible_server" "this" {
  name                          = coalesce(var.server_name, "psql-${var.name}-${var.environment}")
  resource_group_name           = var.resource_group_name
  location                      = var.location
  version                       = "16"
  sku_name                      = local.sku_name
  storage_mb                    = var.storage_mb
  auto_grow_enabled             = true
  delegated_subnet_id           = var.delegated_subnet_id
  private_dns_zone_id           = var.private_dns_zone_id
  public_network_access_enabled = false
  backup_retention_days         = local.backup_days
  geo_redundant_backup_enabled  = var.production
  zone                          = var.production ? "1" : null
  tags                          = var.tags

  authentication {
    active_directory_auth_enabled = true
    password_auth_enabled         = false
    tenant_id                     = data.azurerm_client_config.current.tenant_id
  }

  identity {
    type         = "UserAssigned"
    identity_ids = local.identity_ids
  }

  customer_managed_key {
    key_vault_key_id                     = var.cmk_key_id
    primary_user_assigned_identity_id    = var.cmk_identity_id
    geo_backup_key_vault_key_id          = local.geo_backup_key
    geo_backup_user_assigned_identity_id = local.geo_backup_id
  }

  # A standby in another zone, promoted automatically when the primary's
  # zone fails.
  dynamic "high_availability" {
    for_each = var.production ? [1] : []

    content {
      mode                      = "ZoneRedundant"
      standby_availability_zone = "2"
    }
  }

  lifecycle {
    # After a failover the primary runs in the standby's zone; do not move it back.
    ignore_changes = [zone, high_availability[0].standby_availability_zone]

    precondition {
      condition     = !var.production || (var.geo_backup_key_id != null && var.geo_backup_identity_id != null)
      error_message = "In production the backups are geo-redundant: give geo_backup_key_id and geo_backup_identity_id (azure-baseline with geo_backup_location)."
    }
  }
}

resource "azurerm_postgresql_flexible_server_database" "this" {
  name      = local.database_name
  server_id = azurerm_postgresql_flexible_server.this.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# The service's workload identity is the server's Entra administrator: one
# server per service, so this is ownership of the service's own data, and the
# only way to give an identity a role without running SQL. It signs in with
# an Entra token as workload_principal_name; no password exists.
resource "azurerm_postgresql_flexible_server_active_directory_administrator" "workload" {
  server_name         = azurerm_postgresql_flexible_server.this.name
  resource_group_name = var.resource_group_name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  object_id           = var.workload_principal_id
  principal_name      = var.workload_principal_name
  principal_type      = "ServicePrincipal"
}

# Server parameters of CIS Microsoft Azure Foundations 3.0 (5.2.x) and
# Checkov's PostgreSQL checks: TLS enforced, connections, disconnections and
# checkpoints logged, connection throttling on, server logs kept a week.
locals {
  parameters = {
    "require_secure_transport"   = "on"
    "ssl_min_protocol_version"   = "TLSv1.2"
    "log_checkpoints"            = "on"
    "log_connections"            = "on"
    "log_disconnections"         = "on"
    "connection_throttle.enable" = "on"
    "logfiles.retention_days"    = "7"
  }
}

resource "azurerm_postgresql_flexible_server_configuration" "this" {
  for_each = local.parameters

  name      = each.key
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = each.value
}
