data "azurerm_client_config" "current" {}

locals {
  # Registry names: 5-50 letters and digits, globally unique.
  registry_name = coalesce(var.registry_name, substr(replace("cr${var.name}${var.environment}", "-", ""), 0, 50))
}

# --- Registry and the identity of the service's CI (registry environment only) ---

# Standard: 100 GiB included and webhooks; Premium's extras (private
# endpoints, geo-replication, retention of untagged manifests) are of no use
# while GitHub-hosted runners push over the public endpoint. Images are
# scanned by Defender for Containers (azure-account-baseline).
resource "azurerm_container_registry" "this" {
  count = var.create_registry ? 1 : 0

  name                   = local.registry_name
  resource_group_name    = var.resource_group_name
  location               = var.location
  sku                    = "Standard"
  admin_enabled          = false
  anonymous_pull_enabled = false
  tags                   = var.tags
}

resource "azurerm_user_assigned_identity" "ci" {
  count = var.create_registry ? 1 : 0

  name                = "id-${var.name}-${var.environment}-ci"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# GitHub's OIDC tokens, from one repository's runs in one deployment
# environment only: no secret to store in GitHub.
resource "azurerm_federated_identity_credential" "ci" {
  count = var.create_registry ? 1 : 0

  name                = "github-${var.github_environment}"
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.ci[0].id
  issuer              = "https://token.actions.githubusercontent.com"
  subject             = "repo:${var.github_repository}:environment:${var.github_environment}"
  audience            = ["api://AzureADTokenExchange"]
}

resource "azurerm_role_assignment" "ci_push" {
  count = var.create_registry ? 1 : 0

  scope                = azurerm_container_registry.this[0].id
  role_definition_name = "AcrPush"
  principal_id         = azurerm_user_assigned_identity.ci[0].principal_id
}

resource "azurerm_role_assignment" "pull" {
  for_each = var.create_registry ? toset(var.pull_principal_ids) : toset([])

  scope                = azurerm_container_registry.this[0].id
  role_definition_name = "AcrPull"
  principal_id         = each.value
}

# --- The identity of the service's pods (every environment) ---

resource "azurerm_user_assigned_identity" "workload" {
  name                = "id-${var.name}-${var.environment}-workload"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# Tokens of one service account of this cluster only (AKS workload identity).
resource "azurerm_federated_identity_credential" "workload" {
  name                = "aks-${var.namespace}-${var.service_account}"
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.workload.id
  issuer              = var.cluster_oidc_issuer_url
  subject             = "system:serviceaccount:${var.namespace}:${var.service_account}"
  audience            = ["api://AzureADTokenExchange"]
}

# Reads the service's secrets (External Secrets Operator), on this vault only.
resource "azurerm_role_assignment" "workload_secrets" {
  scope                = var.key_vault_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.workload.principal_id
}
