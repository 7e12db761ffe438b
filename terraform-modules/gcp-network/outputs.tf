output "network_id" {
  description = "Id of the VPC network."
  value       = google_compute_network.this.id
}

output "network_name" {
  description = "Name of the VPC network."
  value       = google_compute_network.this.name
}

output "subnetwork_name" {
  description = "Name of the node subnet."
  value       = google_compute_subnetwork.nodes.name
}

output "pods_range_name" {
  description = "Secondary range name for pods."
  value       = "pods"
}

output "services_range_name" {
  description = "Secondary range name for services."
  value       = "services"
}

output "private_services_range_name" {
  description = "Name of the range reserved for private services access."
  value       = google_compute_global_address.private_services.name
}

output "private_services_cidr_block" {
  description = "CIDR block of private services access: Cloud SQL private IPs are in it."
  value       = var.private_services_cidr_block
}
