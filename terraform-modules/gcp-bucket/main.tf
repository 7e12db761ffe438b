data "google_project" "this" {
  project_id = var.project_id
}

# Cloud Storage's service agent of the project: it encrypts and decrypts
# objects with the key, the callers never touch it.
data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

locals {
  # Globally unique, as aws-bucket's <name>-<environment>-<account id>.
  bucket                  = "${var.name}-${var.environment}-${data.google_project.this.number}"
  noncurrent_version_days = coalesce(var.noncurrent_version_days, var.production ? 90 : 30)
}

resource "google_kms_crypto_key_iam_member" "gcs" {
  crypto_key_id = var.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_storage_bucket" "this" {
  name          = local.bucket
  project       = var.project_id
  location      = upper(var.region)
  storage_class = "STANDARD"
  force_destroy = false
  labels        = var.labels

  # IAM alone decides access (no object ACLs), and nothing can be made public.
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = var.kms_key_id
  }

  # Usage logs only where the environment has a bucket for them; object
  # reads and writes are recorded anyway by the project's Data Access audit
  # logs (gcp-account-baseline), which Google recommends over usage logs.
  dynamic "logging" {
    for_each = var.access_log_bucket == null ? [] : [var.access_log_bucket]
    content {
      log_bucket        = logging.value
      log_object_prefix = local.bucket
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = local.noncurrent_version_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.bucket) <= 63
      error_message = "The bucket name <name>-<environment>-<project number> is longer than 63 characters: shorten name."
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}

# Read, write, list and delete objects of this bucket, nothing else: not its
# IAM policy, its settings or another bucket.
resource "google_storage_bucket_iam_member" "workload" {
  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${var.workload_service_account}"
}
