# State of the delivery layer of ${{ values.environment.name | hcl }}: its own blob in the portal's
# management storage account (account and container from terraform:apply's configuration).
terraform {
  backend "azurerm" {
    key              = ${{ ('resource/default/environment-' ~ values.environment.name ~ '/delivery.tfstate') | hcl }}
    use_azuread_auth = true
  }
}
