# The baseline of one service in one Azure environment.
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

module "baseline" {
  source = "../../"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  location            = "westeurope"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  data_classification = "confidential"
  monthly_budget      = 200
  currency            = "EUR"
  budget_alert_emails = ["payments-oncall@example.com"]
  key_vault_name      = "kv-payments-api-${var.environment}"
  tenant_id           = "00000000-0000-0000-0000-000000000001"
  extra_tags          = { Tier = "backend" }

  # Production keeps geo-redundant database backups in the paired region.
  geo_backup_location       = var.production ? "northeurope" : null
  geo_backup_key_vault_name = var.production ? "kv-payments-api-${var.environment}-ne" : null
}

output "cmk_key_id" {
  description = "The service's customer-managed key."
  value       = module.baseline.cmk_key_id
}
