output "repository_url" {
  description = "Docker repository of the service's images, <region>-docker.pkg.dev/<project>/<name>, or null outside the registry environment."
  value       = var.create_registry ? "${var.region}-docker.pkg.dev/${var.project_id}/${var.name}" : null
}

output "ci_service_account" {
  description = "E-mail of the service account the GitHub workflow impersonates to push images (google-github-actions/auth service_account), or null outside the registry environment."
  value       = var.create_registry ? local.ci_email : null
}

output "workload_identity_provider" {
  description = "The Workload Identity provider the workflow authenticates at (google-github-actions/auth workload_identity_provider): github_workload_identity_provider, or null outside the registry environment."
  value       = var.create_registry ? var.github_workload_identity_provider : null
}

output "workload_service_account" {
  description = "E-mail of the service's Google service account; annotate the Kubernetes service account with iam.gke.io/gcp-service-account = this. The database and bucket modules grant it what the service needs."
  value       = local.workload_email
}

output "project_id" {
  description = "GCP project of the service in this environment."
  value       = var.project_id
}

output "region" {
  description = "Region of the registry."
  value       = var.region
}
