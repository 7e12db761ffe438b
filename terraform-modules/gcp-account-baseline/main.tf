data "google_project" "this" {
  project_id = var.project_id
}

data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

locals {
  project_number = data.google_project.this.number
  audit_bucket   = "${var.organization}-audit-logs-${var.environment}-${var.project_id}"
  retention_days = coalesce(var.audit_log_retention_days, var.production ? 2555 : 365)
  scc            = var.scc_organization_id != null

  # Service agents, named by the project number and so known at plan time.
  # https://cloud.google.com/iam/docs/service-agents
  logging_agent = "serviceAccount:service-${local.project_number}@gcp-sa-logging.iam.gserviceaccount.com"
  pubsub_agent  = "serviceAccount:service-${local.project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_project_service" "this" {
  for_each = toset(concat(
    ["cloudkms.googleapis.com", "logging.googleapis.com", "securitycenter.googleapis.com"],
    local.scc ? ["pubsub.googleapis.com"] : [],
  ))

  project = var.project_id
  service = each.key
  # Turning an API off on destroy would break whatever else uses it.
  disable_on_destroy = false
}

# Data Access audit logs are off by default (only Admin Activity is always
# on): CIS GCP Foundations 2.1 asks for every service and every log type.
resource "google_project_iam_audit_config" "all" {
  project = var.project_id
  service = "allServices"

  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

# --- The audit key --------------------------------------------------------------

resource "google_kms_key_ring" "audit" {
  name     = "${var.organization}-${var.environment}-audit"
  project  = var.project_id
  location = var.region

  depends_on = [google_project_service.this]
}

# Rotated every 90 days (CIS GCP Foundations 1.10).
resource "google_kms_crypto_key" "audit" {
  name            = "audit-logs"
  key_ring        = google_kms_key_ring.audit.id
  rotation_period = "7776000s"
  labels          = var.labels

  lifecycle {
    prevent_destroy = true
  }
}

resource "google_kms_crypto_key_iam_member" "gcs" {
  crypto_key_id = google_kms_crypto_key.audit.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

# --- The audit bucket: every audit log, kept and locked -----------------------------
# A retention policy and Object Versioning exclude each other on a bucket; the
# policy is the stronger guarantee (no object can be deleted or replaced before
# its age). Locked in production, which cannot be undone: the bucket then
# cannot be deleted before its newest object is retention_days old.

resource "google_storage_bucket" "audit" {
  name                        = local.audit_bucket
  project                     = var.project_id
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = var.labels

  encryption {
    default_kms_key_name = google_kms_crypto_key.audit.id
  }

  retention_policy {
    retention_period = local.retention_days * 86400
    is_locked        = var.production
  }

  lifecycle_rule {
    condition {
      age = 90
    }
    action {
      type          = "SetStorageClass"
      storage_class = "ARCHIVE"
    }
  }

  lifecycle_rule {
    condition {
      age = local.retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}

# Project sinks write as the project's Logging service agent:
# https://cloud.google.com/logging/docs/routing/user-managed-service-accounts
resource "google_logging_project_sink" "audit" {
  name                   = "audit-logs-to-bucket"
  project                = var.project_id
  destination            = "storage.googleapis.com/${google_storage_bucket.audit.name}"
  filter                 = "logName:\"cloudaudit.googleapis.com\""
  unique_writer_identity = true
}

resource "google_storage_bucket_iam_member" "sink" {
  bucket = google_storage_bucket.audit.name
  role   = "roles/storage.objectCreator"
  member = local.logging_agent
}

# Read access to the archive for the security team, on this bucket only.
resource "google_storage_bucket_iam_member" "readers" {
  for_each = toset(var.audit_log_readers)

  bucket = google_storage_bucket.audit.name
  role   = "roles/storage.objectViewer"
  member = each.key
}

# --- Security Command Center ----------------------------------------------------
# Activation, the tier, built-in detectors and the security health analytics
# are organisation settings; a project can only send its findings somewhere.

resource "google_kms_crypto_key_iam_member" "pubsub" {
  count = local.scc ? 1 : 0

  crypto_key_id = google_kms_crypto_key.audit.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.pubsub_agent
}

resource "google_pubsub_topic" "scc_findings" {
  count = local.scc ? 1 : 0

  name         = "scc-findings"
  project      = var.project_id
  kms_key_name = google_kms_crypto_key.audit.id
  labels       = var.labels

  depends_on = [google_kms_crypto_key_iam_member.pubsub]
}

# SCC publishes as the organisation's notification service agent:
# https://cloud.google.com/security-command-center/docs/how-to-notifications
resource "google_pubsub_topic_iam_member" "scc" {
  count = local.scc ? 1 : 0

  project = var.project_id
  topic   = google_pubsub_topic.scc_findings[0].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-org-${var.scc_organization_id}@gcp-sa-scc-notification.iam.gserviceaccount.com"
}

resource "google_scc_project_notification_config" "active" {
  count = local.scc ? 1 : 0

  config_id    = "${var.environment}-active-findings"
  project      = var.project_id
  description  = "Active findings of ${var.project_id}"
  pubsub_topic = google_pubsub_topic.scc_findings[0].id

  streaming_config {
    filter = "state = \"ACTIVE\""
  }

  depends_on = [google_pubsub_topic_iam_member.scc]
}
