data "azurerm_client_config" "current" {}

locals {
  subscription_id = data.azurerm_client_config.current.subscription_id
  retention_days  = coalesce(var.activity_log_retention_days, var.production ? 730 : 90)

  # Plan-specific options: Defender for Servers plan 2 (file integrity
  # monitoring, vulnerability assessment) in production, plan 1 elsewhere;
  # Defender for Storage on its per-account V2 plan.
  # https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/security_center_subscription_pricing
  subplans = {
    VirtualMachines = var.production ? "P2" : "P1"
    StorageAccounts = "DefenderForStorageV2"
  }
}

# --- Microsoft Defender for Cloud ---------------------------------------------------
# Containers replaces the deprecated KubernetesService and ContainerRegistry plans.

resource "azurerm_security_center_subscription_pricing" "this" {
  for_each = toset(var.defender_plans)

  tier          = "Standard"
  resource_type = each.key
  subplan       = lookup(local.subplans, each.key, null)
}

resource "azurerm_security_center_contact" "security" {
  name                = "security"
  email               = var.security_contact_email
  alert_notifications = true
  alerts_to_admins    = true
}

# --- The subscription's activity log, kept ----------------------------------------------
# Azure keeps the activity log 90 days; CIS Azure 5.1 asks for it to be
# exported and kept longer.

resource "azurerm_resource_group" "security" {
  name     = "rg-${var.organization}-${var.environment}-security"
  location = var.location
  tags     = var.tags
}

resource "azurerm_log_analytics_workspace" "security" {
  name                = "log-${var.organization}-${var.environment}-security"
  location            = var.location
  resource_group_name = azurerm_resource_group.security.name
  sku                 = "PerGB2018"
  retention_in_days   = local.retention_days
  tags                = var.tags
}

# Every activity log category. Diagnostic settings take no tags.
resource "azurerm_monitor_diagnostic_setting" "activity_log" {
  name                       = "activity-log-to-security-workspace"
  target_resource_id         = "/subscriptions/${local.subscription_id}"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id

  dynamic "enabled_log" {
    for_each = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"]
    content {
      category = enabled_log.value
    }
  }
}
