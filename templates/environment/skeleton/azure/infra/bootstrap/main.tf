# Bootstrap of ${{ values.environment.name | hcl }} on Azure: resource group, key vault, state storage.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

module "bootstrap" {
  source = ${{ values.moduleSources['azure-bootstrap'] | hcl }}

  organization = ${{ values.organization | hcl }}
  environment  = ${{ values.environment.name | hcl }}
  production   = ${{ values.environment.production | hcl }}
  location     = ${{ values.environment.cloud.region | hcl }}
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
