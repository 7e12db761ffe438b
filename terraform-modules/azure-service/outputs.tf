output "registry_login_server" {
  description = "Login server of the service's registry (<name>.azurecr.io), or null where this environment has none."
  value       = var.create_registry ? azurerm_container_registry.this[0].login_server : null
}

output "registry_name" {
  description = "Name of the service's registry, or null where this environment has none."
  value       = var.create_registry ? azurerm_container_registry.this[0].name : null
}

output "ci_client_id" {
  description = "Client id of the identity GitHub Actions logs in as to push images (azure/login client-id), or null where this environment has no registry."
  value       = var.create_registry ? azurerm_user_assigned_identity.ci[0].client_id : null
}

output "workload_client_id" {
  description = "Client id of the pods' identity: the service account's azure.workload.identity/client-id annotation."
  value       = azurerm_user_assigned_identity.workload.client_id
}

output "workload_principal_id" {
  description = "Object id of the pods' identity, for role assignments on the service's storage and database."
  value       = azurerm_user_assigned_identity.workload.principal_id
}

output "workload_principal_name" {
  description = "Name of the pods' identity (the name PostgreSQL knows it by as an Entra administrator)."
  value       = azurerm_user_assigned_identity.workload.name
}

output "tenant_id" {
  description = "Entra ID tenant the identities belong to (azure/login tenant-id, the SecretStore's tenantId)."
  value       = data.azurerm_client_config.current.tenant_id
}
