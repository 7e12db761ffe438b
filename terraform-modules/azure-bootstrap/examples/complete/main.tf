# Bootstraps one Azure environment subscription: state storage and its key.
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

module "bootstrap" {
  source = "../../"

  organization = "acme"
  environment  = var.environment
  production   = var.production
  location     = "westeurope"
  tags = {
    Owner       = "group:default/platform"
    Environment = var.environment
    CostCenter  = "cc-platform"
  }
}

output "storage_account_name" {
  description = "State storage account."
  value       = module.bootstrap.storage_account_name
}
