# Network of ${{ values.environment.name }} on Azure: virtual network, NAT gateway, flow logs.

provider "azurerm" {
  features {}
  subscription_id = "${{ values.environment.cloud.account }}"
}

module "network" {
  source = "${{ values.moduleSources['azure-network'] }}"

  name                = "platform-${{ values.environment.name }}"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  location            = "${{ values.environment.cloud.region }}"
  resource_group_name = "rg-${{ values.organization }}-${{ values.environment.name }}-platform"
  address_space       = "${{ values.cidrBlock }}"
  tags = {
    Owner       = "${{ values.owner }}"
    Environment = "${{ values.environment.name }}"
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
