output "service_account_annotations" {
  description = "What the service's Kubernetes ServiceAccount needs to act as its identity; the Argo CD Application patches it in."
  value       = { "iam.gke.io/gcp-service-account" = module.service.workload_service_account }
}

output "gcp_region" {
  description = "Region of the stack."
  value       = ${{ values.environment.cloud.region | hcl }}
}

output "workload_service_account" {
  description = "Google service account of the service's pods (the service account's iam.gke.io/gcp-service-account)."
  value       = module.service.workload_service_account
}

output "ci_service_account" {
  description = "Service account GitHub Actions impersonates through Workload Identity Federation to push images; null outside the registry environment."
  value       = module.service.ci_service_account
}

output "workload_identity_provider" {
  description = "The GitHub Actions identity provider the push workflow authenticates through; null outside the registry environment."
  value       = module.service.workload_identity_provider
}

output "repository_url" {
  description = "Artifact Registry repository of the service's images; null outside the registry environment."
  value       = module.service.repository_url
}
{% if values.database %}

output "database_connection_name" {
  description = "Cloud SQL connection name (project:region:instance), for the Cloud SQL connectors and migrations."
  value       = module.database.connection_name
}
{% endif %}
{% if values.bucket %}

output "bucket" {
  description = "Name of the service's bucket."
  value       = module.bucket.bucket_name
}
{% endif %}
