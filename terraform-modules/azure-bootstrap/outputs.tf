output "resource_group_name" {
  description = "Resource group of the environment's platform resources."
  value       = azurerm_resource_group.platform.name
}

output "storage_account_name" {
  description = "State storage account (azurerm backend: storage_account_name)."
  value       = azurerm_storage_account.state.name
}

output "container_name" {
  description = "State container (azurerm backend: container_name)."
  value       = azurerm_storage_container.state.name
}

output "key_vault_id" {
  description = "Id of the platform key vault."
  value       = azurerm_key_vault.platform.id
}
