# Network of ${{ values.environment.name | hcl }} on Azure: virtual network, NAT gateway, flow logs.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

module "network" {
  source = ${{ values.moduleSources['azure-network'] | hcl }}

  name                = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  resource_group_name = ${{ ('rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform') | hcl }}
  address_space       = ${{ values.cidrBlock | hcl }}
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
