# The runtime identities of one service in one Azure environment: registry
# and push identity in the registry environment, the workload identity
# everywhere.
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

variable "create_registry" {
  type        = bool
  description = "Whether this environment hosts the images."
}

module "baseline" {
  source = "../../../azure-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  location            = "westeurope"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 200
  budget_alert_emails = ["payments-oncall@example.com"]
  key_vault_name      = "kv-payments-api-${var.environment}"
  tenant_id           = "00000000-0000-0000-0000-000000000001"
}

module "service" {
  source = "../../"

  name                    = "payments-api"
  environment             = var.environment
  resource_group_name     = module.baseline.resource_group_name
  location                = module.baseline.location
  tags                    = module.baseline.tags
  key_vault_id            = module.baseline.key_vault_id
  create_registry         = var.create_registry
  github_repository       = "acme/payments-api"
  github_environment      = var.environment
  pull_principal_ids      = ["00000000-0000-0000-0000-0000000000c1", "00000000-0000-0000-0000-0000000000c3"]
  cluster_oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-0000000000e1/"
  namespace               = "payments-api"
  service_account         = "payments-api"
}

output "workload_client_id" {
  description = "The service account's azure.workload.identity/client-id annotation."
  value       = module.service.workload_client_id
}

output "ci_client_id" {
  description = "The identity the workflow logs in as."
  value       = module.service.ci_client_id
}
