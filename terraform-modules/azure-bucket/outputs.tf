output "storage_account_name" {
  description = "Name of the storage account."
  value       = azurerm_storage_account.this.name
}

output "container_name" {
  description = "Name of the service's private container."
  value       = azurerm_storage_container.this.name
}

output "blob_endpoint" {
  description = "Blob endpoint of the account (https://<account>.blob.core.windows.net/); the service authenticates with its workload identity."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}
