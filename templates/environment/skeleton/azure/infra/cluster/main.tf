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

# The cluster as AKS reports it, for its private endpoint and CA.
data "azurerm_kubernetes_cluster" "this" {
  name                = module.cluster.cluster_name
  resource_group_name = ${{ ('rg-' ~ values.organization ~ '-' ~ values.environment.name ~ '-platform') | hcl }}
}
{% if values.environment.delivery.mode == 'central' and values.environment.delivery.azureIdentity %}

# The central Argo CD reaches this cluster as its own managed identity
# (argocd-k8s-auth azure, workload identity; no token). Cluster admin through
# Azure RBAC, as it installs the add-ons' cluster-scoped objects.
resource "azurerm_role_assignment" "argocd" {
  scope                = data.azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = ${{ values.environment.delivery.azureIdentity.principalId | hcl }}
  principal_type       = "ServicePrincipal"
}
{% endif %}
