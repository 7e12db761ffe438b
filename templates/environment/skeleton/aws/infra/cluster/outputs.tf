output "cluster_name" {
  description = "Name of the EKS cluster (register it with the environment's Argo CD instance)."
  value       = module.cluster.cluster_name
}

output "cluster_endpoint" {
  description = "Private endpoint of the Kubernetes API."
  value       = module.cluster.cluster_endpoint
}

output "cluster_certificate_authority" {
  description = "Base64 PEM of the cluster CA (public): Argo CD verifies the API server with it."
  value       = module.cluster.cluster_certificate_authority
}

output "oidc_provider_arn" {
  description = "OIDC provider of the cluster, for service accounts' IAM roles."
  value       = module.cluster.oidc_provider_arn
}
