# ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}{% if values.environment.production %} (production){% endif %} on Azure. Rendered by the portal's
# new-service template; every choice is explained in ../../DECISIONS.md.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

# Who runs this plan: the tenant of the service's key vault, and the
# principal that writes the coordinates published below.
data "azurerm_client_config" "current" {}

# The environment's cluster (the environment template's azure-aks, named
# platform-<environment>), found by name wherever its resource group is.
data "azurerm_resources" "cluster" {
  type = "Microsoft.ContainerService/managedClusters"
  name = ${{ ('platform-' ~ values.environment.name) | hcl }}
}

data "azurerm_kubernetes_cluster" "platform" {
  name                = ${{ ('platform-' ~ values.environment.name) | hcl }}
  resource_group_name = data.azurerm_resources.cluster.resources[0].resource_group_name
}

# The environment's network (azure-network: vnet-platform-<environment>):
# its node subnet reaches the key vault{% if values.bucket %} and storage{% endif %} through service endpoints.
data "azurerm_resources" "network" {
  type = "Microsoft.Network/virtualNetworks"
  name = ${{ ('vnet-platform-' ~ values.environment.name) | hcl }}
}

data "azurerm_subnet" "nodes" {
  name                 = "snet-nodes"
  virtual_network_name = ${{ ('vnet-platform-' ~ values.environment.name) | hcl }}
  resource_group_name  = data.azurerm_resources.network.resources[0].resource_group_name
}
{% if values.environment.production and values.database %}

# Geo-redundant backups of a database encrypted with the service's key need
# a key in the region Azure pairs with this one (learn.microsoft.com, "Azure
# region pairs"). A region missing here stops the plan: add its pair.
locals {
  paired_region = {
    australiaeast      = "australiasoutheast"
    brazilsouth        = "southcentralus"
    canadacentral      = "canadaeast"
    centralindia       = "southindia"
    centralus          = "eastus2"
    eastasia           = "southeastasia"
    eastus             = "westus"
    eastus2            = "centralus"
    francecentral      = "francesouth"
    germanywestcentral = "germanynorth"
    japaneast          = "japanwest"
    northcentralus     = "southcentralus"
    northeurope        = "westeurope"
    norwayeast         = "norwaywest"
    southcentralus     = "northcentralus"
    southeastasia      = "eastasia"
    swedencentral      = "swedensouth"
    switzerlandnorth   = "switzerlandwest"
    uksouth            = "ukwest"
    westeurope         = "northeurope"
    westus             = "eastus"
    westus2            = "westcentralus"
    westus3            = "eastus"
  }
}
{% endif %}

module "baseline" {
  source = ${{ values.moduleSources['azure-baseline'] | hcl }}

  name                = ${{ values.name | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  location            = ${{ values.environment.cloud.region | hcl }}
  owner               = ${{ values.owner | hcl }}
  cost_center         = ${{ values.costCenter | hcl }}
  data_classification = ${{ values.dataClassification | hcl }}
  monthly_budget      = ${{ values.environment.monthlyBudget | hcl }}
  currency            = ${{ values.currency | hcl }}
  budget_alert_emails = [${{ values.alertEmail | hcl }}]
  # Global name (deploy/environments.yaml's keyVault says the same).
  key_vault_name = ${{ values.environment.azure.keyVault | hcl }}
  tenant_id      = data.azurerm_client_config.current.tenant_id
  # The cluster's nodes read it (External Secrets); the portal's runner must
  # reach it too, from this network or an address listed in
  # key_vault_allowed_ip_ranges (DECISIONS.md).
  key_vault_allowed_subnet_ids = [data.azurerm_subnet.nodes.id]
{% if values.environment.production and values.database %}
  geo_backup_location       = local.paired_region[${{ values.environment.cloud.region | hcl }}]
  geo_backup_key_vault_name = ${{ values.environment.azure.geoKeyVault | hcl }}
{% endif %}
  extra_tags     = { Service = ${{ values.name | hcl }}, Repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }} }
}

module "service" {
  source = ${{ values.moduleSources['azure-service'] | hcl }}

  name                = ${{ values.name | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  resource_group_name = module.baseline.resource_group_name
  location            = ${{ values.environment.cloud.region | hcl }}
  tags                = module.baseline.tags
  key_vault_id        = module.baseline.key_vault_id
{% if values.environment.first %}

  # ${{ values.environment.name | hcl }} hosts the image registry and the GitHub push identity.
  create_registry    = true
  registry_name      = ${{ values.environment.azure.registry | hcl }}
  github_repository  = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
  github_environment = ${{ values.environment.name | hcl }}
  # This cluster pulls; each later environment grants its own (below).
  pull_principal_ids = [data.azurerm_kubernetes_cluster.platform.kubelet_identity[0].object_id]
{% else %}

  # Images come from the registry in ${{ values.environments[0].name | hcl }}.
  create_registry   = false
  github_repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
{% endif %}

  cluster_oidc_issuer_url = data.azurerm_kubernetes_cluster.platform.oidc_issuer_url
  namespace               = ${{ values.name | hcl }}
  service_account         = ${{ values.name | hcl }}
}
{% if not values.environment.first %}

# This cluster pulls the images from the registry in ${{ values.environments[0].name | hcl }} (another
# subscription): the runner needs User Access Administrator on that registry.
resource "azurerm_role_assignment" "pull" {
  scope                = ${{ ('/subscriptions/' ~ values.environments[0].cloud.account ~ '/resourceGroups/rg-' ~ values.name ~ '-' ~ values.environments[0].name ~ '/providers/Microsoft.ContainerRegistry/registries/' ~ values.environments[0].azure.registry) | hcl }}
  role_definition_name = "AcrPull"
  principal_id         = data.azurerm_kubernetes_cluster.platform.kubelet_identity[0].object_id
}
{% endif %}
{% if values.database %}

# The subnet delegated to PostgreSQL and its private DNS zone (azure-network).
data "azurerm_subnet" "database" {
  name                 = "snet-postgres"
  virtual_network_name = ${{ ('vnet-platform-' ~ values.environment.name) | hcl }}
  resource_group_name  = data.azurerm_resources.network.resources[0].resource_group_name
}

data "azurerm_private_dns_zone" "postgres" {
  name                = ${{ ('platform-' ~ values.environment.name ~ '.private.postgres.database.azure.com') | hcl }}
  resource_group_name = data.azurerm_resources.network.resources[0].resource_group_name
}

module "database" {
  source = ${{ values.moduleSources['azure-database'] | hcl }}

  name                    = ${{ values.name | hcl }}
  server_name             = ${{ values.environment.azure.postgresServer | hcl }}
  environment             = ${{ values.environment.name | hcl }}
  production              = ${{ values.environment.production | hcl }}
  resource_group_name     = module.baseline.resource_group_name
  location                = ${{ values.environment.cloud.region | hcl }}
  tags                    = module.baseline.tags
  delegated_subnet_id     = data.azurerm_subnet.database.id
  private_dns_zone_id     = data.azurerm_private_dns_zone.postgres.id
  cmk_key_id              = module.baseline.cmk_key_id
  cmk_identity_id         = module.baseline.cmk_identity_id
{% if values.environment.production %}
  geo_backup_key_id       = module.baseline.geo_backup_key_id
  geo_backup_identity_id  = module.baseline.geo_backup_identity_id
{% endif %}
  workload_principal_id   = module.service.workload_principal_id
  workload_principal_name = module.service.workload_principal_name
}
{% endif %}
{% if values.bucket %}

module "bucket" {
  source = ${{ values.moduleSources['azure-bucket'] | hcl }}

  name                  = ${{ values.name | hcl }}
  storage_account_name  = ${{ values.environment.azure.storageAccount | hcl }}
  environment           = ${{ values.environment.name | hcl }}
  production            = ${{ values.environment.production | hcl }}
  resource_group_name   = module.baseline.resource_group_name
  location              = ${{ values.environment.cloud.region | hcl }}
  tags                  = module.baseline.tags
  cmk_key_id            = module.baseline.cmk_key_id
  cmk_identity_id       = module.baseline.cmk_identity_id
  workload_principal_id = module.service.workload_principal_id
  allowed_subnet_ids    = [data.azurerm_subnet.nodes.id]
}
{% endif %}
{% if values.queue %}

# The service's queue: its own Service Bus namespace (global name, as the
# key vault's), Entra ID only; the workload identity sends to and receives
# from this queue only. Premium in production, for the service's key
# (azure-queue's README: about $677 a month), Standard elsewhere.
module "queue" {
  source = ${{ values.moduleSources['azure-queue'] | hcl }}

  name                  = ${{ values.name | hcl }}
  namespace_name        = ${{ values.environment.azure.serviceBusNamespace | hcl }}
  environment           = ${{ values.environment.name | hcl }}
  production            = ${{ values.environment.production | hcl }}
  resource_group_name   = module.baseline.resource_group_name
  location              = ${{ values.environment.cloud.region | hcl }}
  tags                  = module.baseline.tags
  cmk_key_id            = module.baseline.cmk_key_id
  cmk_identity_id       = module.baseline.cmk_identity_id
  workload_principal_id = module.service.workload_principal_id
}
{% endif %}
{% if values.database or values.bucket or values.queue %}

# Where workload.yaml's resources find the database, bucket and queue: secrets
# <resource>--<output> in the service's own key vault, which only its
# workload identity reads. Coordinates, not credentials: the service
# authenticates to each as itself (Entra ID).
resource "azurerm_role_assignment" "publish" {
  scope                = module.baseline.key_vault_id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

locals {
  published = {
{% if values.database %}
    "database--host"     = module.database.fqdn
    "database--name"     = module.database.database_name
    "database--username" = module.database.username
{% endif %}
{% if values.bucket %}
    "bucket--account"   = module.bucket.storage_account_name
    "bucket--container" = module.bucket.container_name
{% endif %}
{% if values.queue %}
    "queue--name"      = module.queue.queue_name
    "queue--namespace" = module.queue.namespace_fqdn
{% endif %}
  }
}

resource "azurerm_key_vault_secret" "published" {
  for_each     = local.published
  name         = each.key
  value        = each.value
  key_vault_id = module.baseline.key_vault_id
  content_type = "text/plain"
  tags         = module.baseline.tags

  depends_on = [azurerm_role_assignment.publish]
}
{% endif %}
