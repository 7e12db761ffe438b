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
