output "service_account_annotations" {
  description = "What the service's Kubernetes ServiceAccount needs to act as its identity; the Argo CD Application patches it in."
  # The tenant too: the External Secrets Operator reads it from the account
  # when its store names none (its own pods carry no tenant).
  value = {
    "azure.workload.identity/client-id" = module.service.workload_client_id
    "azure.workload.identity/tenant-id" = data.azurerm_client_config.current.tenant_id
  }
}

output "azure_location" {
  description = "Location of the stack."
  value       = ${{ values.environment.cloud.region | hcl }}
}

output "tenant_id" {
  description = "Entra ID tenant of the identities below."
  value       = data.azurerm_client_config.current.tenant_id
}

output "workload_client_id" {
  description = "Client id of the service's workload identity (the service account's azure.workload.identity/client-id)."
  value       = module.service.workload_client_id
}

output "ci_client_id" {
  description = "Client id of the identity GitHub Actions logs in as (OIDC) to push images; null outside the registry environment."
  value       = module.service.ci_client_id
}

output "registry_login_server" {
  description = "Login server of the service's container registry; null outside the registry environment."
  value       = module.service.registry_login_server
}
{% if values.database %}

output "database_fqdn" {
  description = "Private host name of the service's PostgreSQL."
  value       = module.database.fqdn
}
{% endif %}
{% if values.bucket %}

output "storage_account" {
  description = "Storage account of the service's container."
  value       = module.bucket.storage_account_name
}
{% endif %}
