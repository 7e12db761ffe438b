locals {
  state_bucket = "${var.organization}-tfstate-${var.environment}-${var.project_id}"
}

resource "google_kms_key_ring" "this" {
  name     = "${var.organization}-${var.environment}-platform"
  project  = var.project_id
  location = var.region
}

# Rotated every 90 days; Cloud Storage uses it for the state bucket.
resource "google_kms_crypto_key" "state" {
  name            = "terraform-state"
  key_ring        = google_kms_key_ring.this.id
  rotation_period = "7776000s"
  labels          = var.labels

  lifecycle {
    prevent_destroy = true
  }
}

data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

resource "google_kms_crypto_key_iam_member" "gcs" {
  crypto_key_id = google_kms_crypto_key.state.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

# GCS locks state natively: no separate lock table is needed.
resource "google_storage_bucket" "state" {
  name                        = local.state_bucket
  project                     = var.project_id
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = var.labels

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.state.id
  }

  lifecycle_rule {
    condition {
      num_newer_versions = var.production ? 50 : 10
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}

# --- GitHub Actions federation ----------------------------------------------------
# The services' workflows authenticate with their OIDC token, never a key: the
# pool trusts GitHub's issuer for repositories of github_organization only,
# and each service account says which repository and environment may
# impersonate it (gcp-service: principal://.../subject/repo:<owner/name>:environment:<env>).
# https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines#github-actions

resource "google_project_service" "federation" {
  for_each = var.github_organization == null ? toset([]) : toset(["iam.googleapis.com", "iamcredentials.googleapis.com", "sts.googleapis.com"])

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

resource "google_iam_workload_identity_pool" "github" {
  count = var.github_organization == null ? 0 : 1

  workload_identity_pool_id = "github"
  project                   = var.project_id
  display_name              = "GitHub Actions"
  description               = "Workflows of the ${var.github_organization} GitHub organisation"

  depends_on = [google_project_service.federation]
}

resource "google_iam_workload_identity_pool_provider" "github" {
  count = var.github_organization == null ? 0 : 1

  workload_identity_pool_id          = google_iam_workload_identity_pool.github[0].workload_identity_pool_id
  workload_identity_pool_provider_id = "github-actions"
  project                            = var.project_id
  display_name                       = "GitHub Actions"

  # google.subject is GitHub's sub (repo:<owner/name>:environment:<env> for a
  # job in a deployment environment), what gcp-service grants; the attributes
  # allow principalSet grants by repository, owner or environment.
  attribute_mapping = {
    "google.subject"             = "assertion.sub"
    "attribute.repository"       = "assertion.repository"
    "attribute.repository_owner" = "assertion.repository_owner"
    "attribute.environment"      = "assertion.environment"
    "attribute.ref"              = "assertion.ref"
  }

  # Without a condition any GitHub repository in the world could exchange a
  # token here; grants would still be needed, but the condition is the fence.
  attribute_condition = "assertion.repository_owner == \"${var.github_organization}\""

  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
