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
{% else %}

  # Images come from the registry in ${{ values.environments[0].name | hcl }}.
  create_registry   = false
  github_repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
{% endif %}

  cluster_oidc_issuer_url = data.azurerm_kubernetes_cluster.platform.oidc_issuer_url
  namespace               = ${{ values.name | hcl }}
  service_account         = ${{ values.name | hcl }}
}
{% if values.database %}

# The subnet delegated to PostgreSQL and its private DNS zone (azure-network).
data "azurerm_resources" "network" {
  type = "Microsoft.Network/virtualNetworks"
  name = ${{ ('platform-' ~ values.environment.name) | hcl }}
}

data "azurerm_subnet" "database" {
  name                 = "database"
  virtual_network_name = ${{ ('platform-' ~ values.environment.name) | hcl }}
  resource_group_name  = data.azurerm_resources.network.resources[0].resource_group_name
}

data "azurerm_private_dns_zone" "postgres" {
  name                = "privatelink.postgres.database.azure.com"
  resource_group_name = data.azurerm_resources.network.resources[0].resource_group_name
}

module "database" {
  source = ${{ values.moduleSources['azure-database'] | hcl }}

  name                    = ${{ values.environment.azure.postgresServer | hcl }}
  environment             = ${{ values.environment.name | hcl }}
  production              = ${{ values.environment.production | hcl }}
  resource_group_name     = module.baseline.resource_group_name
  location                = ${{ values.environment.cloud.region | hcl }}
  tags                    = module.baseline.tags
  delegated_subnet_id     = data.azurerm_subnet.database.id
  private_dns_zone_id     = data.azurerm_private_dns_zone.postgres.id
  cmk_key_id              = module.baseline.cmk_key_id
  cmk_identity_id         = module.baseline.cmk_identity_id
  workload_principal_id   = module.service.workload_principal_id
  workload_principal_name = module.service.workload_principal_name
}
{% endif %}
{% if values.bucket %}

module "bucket" {
  source = ${{ values.moduleSources['azure-bucket'] | hcl }}

  name                  = ${{ values.environment.azure.storageAccount | hcl }}
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
{% if values.database or values.bucket %}

# Where workload.yaml's resources find the database and bucket: secrets
# <resource>--<output> in the service's own key vault, which only its
# workload identity reads. Coordinates, not credentials: the service
# authenticates to both as itself (Entra ID).
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
