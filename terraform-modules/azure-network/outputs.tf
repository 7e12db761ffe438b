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
