# AKS cluster of ${{ values.environment.name | hcl }}: private, Entra ID only, KMS-encrypted etcd.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

module "cluster" {
  source = ${{ values.moduleSources['azure-aks'] | hcl }}

  name                = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = ${{ ('rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform') | hcl }}
  node_subnet_id      = var.node_subnet_id
  key_vault_id        = ${{ ('/subscriptions/' ~ values.environment.cloud.account ~ '/resourceGroups/rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform/providers/Microsoft.KeyVault/vaults/kv-' ~ values.organization ~ '-' ~ values.environment.name ~ '-tf') | hcl }}
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
