# The database of one service in one Azure environment, in the environment's
# network (azure-network's database subnet and private DNS zone).
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

  name                      = "payments-api"
  environment               = var.environment
  production                = var.production
  location                  = "westeurope"
  owner                     = "group:default/payments"
  cost_center               = "cc-1042"
  data_classification       = "confidential"
  monthly_budget            = 400
  budget_alert_emails       = ["payments-oncall@example.com"]
  key_vault_name            = "kv-payments-api-${var.environment}"
  tenant_id                 = "00000000-0000-0000-0000-000000000001"
  geo_backup_location       = var.production ? "northeurope" : null
  geo_backup_key_vault_name = var.production ? "kv-payments-api-${var.environment}-ne" : null
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

module "database" {
  source = "../../"

  name                    = "payments-api"
  environment             = var.environment
  production              = var.production
  resource_group_name     = module.baseline.resource_group_name
  location                = module.baseline.location
  tags                    = module.baseline.tags
  delegated_subnet_id     = "${local.platform_rg}/providers/Microsoft.Network/virtualNetworks/vnet-platform-${var.environment}/subnets/snet-postgres"
  private_dns_zone_id     = "${local.platform_rg}/providers/Microsoft.Network/privateDnsZones/platform-${var.environment}.private.postgres.database.azure.com"
  cmk_key_id              = module.baseline.cmk_key_id
  cmk_identity_id         = module.baseline.cmk_identity_id
  geo_backup_key_id       = module.baseline.geo_backup_key_id
  geo_backup_identity_id  = module.baseline.geo_backup_identity_id
  workload_principal_id   = module.service.workload_principal_id
  workload_principal_name = module.service.workload_principal_name
}

output "fqdn" {
  description = "Host name of the database (PGHOST)."
  value       = module.database.fqdn
}

output "username" {
  description = "User name of the workload identity (PGUSER)."
  value       = module.database.username
}
