# A private AKS cluster on the environment's network.
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

module "cluster" {
  source = "../../"

  name                = "platform-${var.environment}"
  environment         = var.environment
  production          = var.production
  location            = "westeurope"
  resource_group_name = "rg-acme-${var.environment}-platform"
  node_subnet_id      = "/subscriptions/${var.subscription_id}/resourceGroups/rg-acme-${var.environment}-platform/providers/Microsoft.Network/virtualNetworks/vnet-platform-${var.environment}/subnets/snet-nodes"
  key_vault_id        = "/subscriptions/${var.subscription_id}/resourceGroups/rg-acme-${var.environment}-platform/providers/Microsoft.KeyVault/vaults/kv-acme-${var.environment}-tf"
  tags = {
    Owner       = "group:default/platform"
    Environment = var.environment
    CostCenter  = "cc-platform"
  }
}

output "cluster_name" {
  description = "The cluster."
  value       = module.cluster.cluster_name
}
