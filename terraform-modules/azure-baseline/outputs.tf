output "tags" {
  description = "The mandatory tags (Owner, Environment, CostCenter, DataClassification, Service, ManagedBy) merged over extra_tags: pass them to every other module of the service."
  value       = local.tags
}

output "resource_group_name" {
  description = "Name of the service's resource group (rg-<name>-<environment>)."
  value       = azurerm_resource_group.this.name
}

output "resource_group_id" {
  description = "Id of the service's resource group."
  value       = azurerm_resource_group.this.id
}

output "location" {
  description = "Azure region of the service's resources."
  value       = azurerm_resource_group.this.location
}

output "key_vault_id" {
  description = "Id of the service's key vault (azure-service grants the workload identity Key Vault Secrets User on it)."
  value       = azurerm_key_vault.this.id
}

output "key_vault_uri" {
  description = "URI of the service's key vault (External Secrets Operator's SecretStore vaultUrl)."
  value       = azurerm_key_vault.this.vault_uri
}

output "cmk_key_id" {
  description = "Versionless id of the customer-managed key, so storage and PostgreSQL follow its rotation."
  value       = azurerm_key_vault_key.cmk.versionless_id

  # Consumers encrypt with the key as soon as they have it: only once the
  # identity may use it.
  depends_on = [azurerm_role_assignment.cmk]
}

output "cmk_identity_id" {
  description = "Id of the user-assigned identity allowed to wrap and unwrap with the key (storage's and PostgreSQL's customer-managed key identity)."
  value       = azurerm_user_assigned_identity.cmk.id

  # Consumers encrypt with the key as soon as they have it: only once the
  # identity may use it.
  depends_on = [azurerm_role_assignment.cmk]
}

output "cmk_identity_client_id" {
  description = "Client id of that identity."
  value       = azurerm_user_assigned_identity.cmk.client_id

  # Consumers encrypt with the key as soon as they have it: only once the
  # identity may use it.
  depends_on = [azurerm_role_assignment.cmk]
}

output "geo_backup_key_id" {
  description = "Versionless id of the key in geo_backup_location for geo-redundant database backups, or null without geo_backup_location."
  value       = local.geo_backup ? azurerm_key_vault_key.geo[0].versionless_id : null

  # Consumers encrypt with the key as soon as they have it: only once the
  # identity may use it.
  depends_on = [azurerm_role_assignment.geo]
}

output "geo_backup_identity_id" {
  description = "Id of the identity in geo_backup_location allowed to use that key, or null without geo_backup_location."
  value       = local.geo_backup ? azurerm_user_assigned_identity.geo[0].id : null

  # Consumers encrypt with the key as soon as they have it: only once the
  # identity may use it.
  depends_on = [azurerm_role_assignment.geo]
}
