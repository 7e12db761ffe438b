# The queue of one service in one Azure environment.
provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

variable "subscription_id" {
  type        = string
  description = "The environment's subscription."
}

variable "environment" {
  type        = string
  description = "Environment name."
}

variable "production" {
  type        = bool
  description = "Whether the environment is production."
  default     = false
}

locals {
  platform_rg = "/subscriptions/${var.subscription_id}/resourceGroups/rg-acme-${var.environment}-platform"
}

module "baseline" {
  source = "../../../azure-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  location            = "westeurope"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  data_classification = "confidential"
  monthly_budget      = 200
  budget_alert_emails = ["payments-oncall@example.com"]
  key_vault_name      = "kv-payments-api-${var.environment}"
  tenant_id           = "00000000-0000-0000-0000-000000000001"
}

module "service" {
  source = "../../../azure-service"

  name                    = "payments-api"
  environment             = var.environment
  resource_group_name     = module.baseline.resource_group_name
  location                = module.baseline.location
  tags                    = module.baseline.tags
  key_vault_id            = module.baseline.key_vault_id
  github_repository       = "acme/payments-api"
  cluster_oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-0000000000e1/"
  namespace               = "payments-api"
  service_account         = "payments-api"
}

module "queue" {
  source = "../../"

  name                       = "payments-api"
  environment                = var.environment
  production                 = var.production
  resource_group_name        = module.baseline.resource_group_name
  location                   = module.baseline.location
  tags                       = module.baseline.tags
  namespace_name             = "sb-payments-api-${var.environment}-3f9a1c"
  cmk_key_id                 = module.baseline.cmk_key_id
  cmk_identity_id            = module.baseline.cmk_identity_id
  workload_principal_id      = module.service.workload_principal_id
  log_analytics_workspace_id = "${local.platform_rg}/providers/Microsoft.OperationalInsights/workspaces/log-platform-${var.environment}"
}

output "namespace_fqdn" {
  description = "What the service's Service Bus client connects to."
  value       = module.queue.namespace_fqdn
}

output "queue_name" {
  description = "The service's queue."
  value       = module.queue.queue_name
}
