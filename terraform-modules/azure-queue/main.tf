locals {
  namespace_name = coalesce(var.namespace_name, "sb-${var.name}-${var.environment}")
  # Premium where the environment is production unless told otherwise:
  # only Premium encrypts with a customer-managed key (README).
  sku     = coalesce(var.sku, var.production ? "Premium" : "Standard")
  premium = local.sku == "Premium"

  default_message_ttl = coalesce(var.default_message_ttl, var.production ? "P14D" : "P4D")
}

resource "azurerm_servicebus_namespace" "this" {
  name                = local.namespace_name
  resource_group_name = var.resource_group_name
  location            = var.location
  sku                 = local.sku
  # One messaging unit in one partition: Premium's smallest size.
  capacity                     = local.premium ? 1 : 0
  premium_messaging_partitions = local.premium ? 1 : 0
  tags                         = var.tags

  # Entra ID only: no SAS key or connection string can be used, so every
  # sender and receiver is an identity with a role on the queue.
  local_auth_enabled  = false
  minimum_tls_version = "1.2"
  # No private endpoint exists for the service in the environment's network
  # (azure-bucket's reason too): callers reach the public endpoint, with
  # Entra tokens over TLS 1.2.
  public_network_access_enabled = true

  dynamic "identity" {
    for_each = local.premium ? ["cmk"] : []
    content {
      type         = "UserAssigned"
      identity_ids = [var.cmk_identity_id]
    }
  }

  # azure-baseline's key (versionless: rotation followed) through its
  # identity, with infrastructure encryption beneath it. Premium only.
  dynamic "customer_managed_key" {
    for_each = local.premium ? ["cmk"] : []
    content {
      key_vault_key_id                  = var.cmk_key_id
      identity_id                       = var.cmk_identity_id
      infrastructure_encryption_enabled = true
    }
  }

  lifecycle {
    precondition {
      condition     = !local.premium || (var.cmk_key_id != null && var.cmk_identity_id != null)
      error_message = "A Premium namespace is encrypted with the service's key: give cmk_key_id and cmk_identity_id (azure-baseline's outputs)."
    }
  }
}

# A message the service abandons or fails to settle max_delivery_count times,
# or one that expires, moves to the queue's dead-letter subqueue
# (<queue>/$deadletterqueue), where it stays until someone receives it.
resource "azurerm_servicebus_queue" "this" {
  name         = var.queue_name
  namespace_id = azurerm_servicebus_namespace.this.id

  max_delivery_count                   = var.max_delivery_count
  dead_lettering_on_message_expiration = true
  default_message_ttl                  = local.default_message_ttl
  lock_duration                        = var.lock_duration
  max_size_in_megabytes                = 1024
  partitioning_enabled                 = false
}

# Send to and receive from this queue only, not the namespace's other
# entities or its management plane.
resource "azurerm_role_assignment" "sender" {
  scope                = azurerm_servicebus_queue.this.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = var.workload_principal_id
}

resource "azurerm_role_assignment" "receiver" {
  scope                = azurerm_servicebus_queue.this.id
  role_definition_name = "Azure Service Bus Data Receiver"
  principal_id         = var.workload_principal_id
}

# Who created, changed or deleted what in the namespace (OperationalLogs),
# and in Premium every data-plane access with its identity (RuntimeAuditLogs).
resource "azurerm_monitor_diagnostic_setting" "namespace" {
  count = var.log_analytics_workspace_id == null ? 0 : 1

  name                       = "servicebus-logs"
  target_resource_id         = azurerm_servicebus_namespace.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "OperationalLogs"
  }

  dynamic "enabled_log" {
    for_each = local.premium ? ["RuntimeAuditLogs"] : []
    content {
      category = enabled_log.value
    }
  }
}
