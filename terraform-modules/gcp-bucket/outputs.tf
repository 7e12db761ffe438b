output "bucket_name" {
  description = "Name of the bucket, <name>-<environment>-<project number>."
  value       = google_storage_bucket.this.name
}

output "bucket_url" {
  description = "gs:// URL of the bucket."
  value       = "gs://${local.bucket}"
}
