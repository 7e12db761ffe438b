# Bootstrap of ${{ values.environment.name }} on Azure: resource group, key vault, state storage.

provider "azurerm" {
  features {}
  subscription_id = "${{ values.environment.cloud.account }}"
}

module "bootstrap" {
  source = "${{ values.moduleSources['azure-bootstrap'] }}"

  organization = "${{ values.organization }}"
  environment  = "${{ values.environment.name }}"
  production   = ${{ values.environment.production }}
  location     = "${{ values.environment.cloud.region }}"
  tags = {
    Owner       = "${{ values.owner }}"
    Environment = "${{ values.environment.name }}"
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
