output "state_bucket" {
  description = "Name of the versioned, CMEK-encrypted state bucket (GCS backend: bucket)."
  value       = google_storage_bucket.state.name
}

output "kms_key_id" {
  description = "Id of the state encryption key."
  value       = google_kms_crypto_key.state.id
}

output "key_ring_id" {
  description = "Id of the environment's key ring, for other platform keys."
  value       = google_kms_key_ring.this.id
}

output "github_workload_identity_provider" {
  description = "Full resource name of the GitHub Actions Workload Identity provider, projects/<number>/locations/global/workloadIdentityPools/github/providers/github-actions (gcp-service's github_workload_identity_provider, google-github-actions/auth's workload_identity_provider), or null without github_organization."
  value       = var.github_organization == null ? null : google_iam_workload_identity_pool_provider.github[0].name
}
