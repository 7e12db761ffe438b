output "audit_bucket" {
  description = "Name of the CMEK-encrypted, retention-locked (in production) bucket that receives every audit log of the project."
  value       = google_storage_bucket.audit.name
}

output "audit_kms_key_id" {
  description = "Id of the key the audit logs are encrypted with (rotated every 90 days)."
  value       = google_kms_crypto_key.audit.id
}

output "audit_sink_writer_identity" {
  description = "Identity the audit log sink writes as; it must be the Logging service agent granted on the bucket."
  value       = google_logging_project_sink.audit.writer_identity
}

output "scc_findings_topic" {
  description = "Pub/Sub topic of the project's active Security Command Center findings, or null without scc_organization_id."
  value       = local.scc ? google_pubsub_topic.scc_findings[0].id : null
}
