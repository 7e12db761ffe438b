output "vnet_id" {
  description = "Id of the virtual network."
  value       = azurerm_virtual_network.this.id
}

output "node_subnet_id" {
  description = "Id of the node subnet (private, outbound through the NAT gateway)."
  value       = azurerm_subnet.nodes.id
}

output "nat_public_ip_count" {
  description = "Number of NAT public addresses."
  value       = local.nat_ip_count
}

output "database_subnet_id" {
  description = "Id of the subnet delegated to PostgreSQL flexible servers (azure-database's delegated_subnet_id)."
  value       = azurerm_subnet.database.id
}

output "postgres_private_dns_zone_id" {
  description = "Id of the private DNS zone of the environment's PostgreSQL flexible servers, linked to the virtual network (azure-database's private_dns_zone_id)."
  value       = azurerm_private_dns_zone.postgres.id
}
