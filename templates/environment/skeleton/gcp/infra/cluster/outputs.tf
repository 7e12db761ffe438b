output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = module.cluster.cluster_name
}
