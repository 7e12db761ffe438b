output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = module.cluster.cluster_name
}
