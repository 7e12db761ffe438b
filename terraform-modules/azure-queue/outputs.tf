output "namespace_name" {
  description = "Name of the Service Bus namespace."
  value       = azurerm_servicebus_namespace.this.name
}

output "namespace_fqdn" {
  description = "Fully qualified namespace (<namespace>.servicebus.windows.net), what the Service Bus clients take with an Entra ID credential."
  value       = "${local.namespace_name}.servicebus.windows.net"
}

output "queue_name" {
  description = "Name of the queue; its dead letters are in <queue>/$deadletterqueue."
  value       = azurerm_servicebus_queue.this.name
}

output "queue_id" {
  description = "Resource id of the queue, the scope of the workload's roles."
  value       = azurerm_servicebus_queue.this.id
}

output "sku" {
  description = "The namespace's tier: Premium (customer-managed key) or Standard."
  value       = local.sku
}
