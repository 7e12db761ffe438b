output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = module.cluster.cluster_name
}

output "cluster_endpoint" {
  description = "Private endpoint of the Kubernetes API."
  value       = "https://${module.cluster.endpoint}"
}

output "cluster_certificate_authority" {
  description = "Base64 PEM of the cluster CA (public): Argo CD verifies the API server with it."
  value       = data.google_container_cluster.this.master_auth[0].cluster_ca_certificate
}
