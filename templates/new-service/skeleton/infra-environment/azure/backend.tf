# Remote state of ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}, its own blob. The storage
# account and container come from the portal's terraform:apply configuration
# for the environment (or -backend-config in CI): the environment's
# CMK-encrypted state storage (azure-bootstrap); blob leases lock it. The key
# names the entity's kind and namespace, so it cannot collide with another's.
terraform {
  backend "azurerm" {
    key              = ${{ ('component/default/' ~ values.name ~ '/' ~ values.environment.name ~ '.tfstate') | hcl }}
    use_azuread_auth = true
  }
}
