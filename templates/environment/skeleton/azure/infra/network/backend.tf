# State of the network layer of ${{ values.environment.name }}: its own blob in the portal's
# management storage account (account and container from terraform:apply's configuration).
terraform {
  backend "azurerm" {
    key              = "platform/${{ values.environment.name }}/network.tfstate"
    use_azuread_auth = true
  }
}
