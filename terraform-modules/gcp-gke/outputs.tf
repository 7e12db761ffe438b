output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.this.name
}

output "location" {
  description = "Region (production) or zone of the cluster."
  value       = local.location
}

output "endpoint" {
  description = "Private endpoint of the control plane."
  value       = google_container_cluster.this.endpoint
}

output "workload_pool" {
  description = "Workload Identity pool of the cluster."
  value       = "${var.project_id}.svc.id.goog"
}

output "node_service_account" {
  description = "Service account of the nodes."
  value       = google_service_account.nodes.email
}
