# The network of one Azure environment.
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

module "network" {
  source = "../../"

  name                = "platform-${var.environment}"
  environment         = var.environment
  production          = var.production
  location            = "westeurope"
  resource_group_name = "rg-acme-${var.environment}-platform"
  tags = {
    Owner       = "group:default/platform"
    Environment = var.environment
    CostCenter  = "cc-platform"
  }
}

output "node_subnet_id" {
  description = "Node subnet."
  value       = module.network.node_subnet_id
}
