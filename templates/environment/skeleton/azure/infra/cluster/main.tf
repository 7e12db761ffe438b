# AKS cluster of ${{ values.environment.name }}: private, Entra ID only, KMS-encrypted etcd.

provider "azurerm" {
  features {}
  subscription_id = "${{ values.environment.cloud.account }}"
}

module "cluster" {
  source = "${{ values.moduleSources['azure-aks'] }}"

  name                = "platform-${{ values.environment.name }}"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  location            = "${{ values.environment.cloud.region }}"
  resource_group_name = "rg-${{ values.organization }}-${{ values.environment.name }}-platform"
  node_subnet_id      = var.node_subnet_id
  key_vault_id        = "/subscriptions/${{ values.environment.cloud.account }}/resourceGroups/rg-${{ values.organization }}-${{ values.environment.name }}-platform/providers/Microsoft.KeyVault/vaults/kv-${{ values.organization }}-${{ values.environment.name }}-tf"
  tags = {
    Owner       = "${{ values.owner }}"
    Environment = "${{ values.environment.name }}"
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
