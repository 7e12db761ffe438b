data "google_project" "this" {
  project_id = var.project_id
}

locals {
  project_number = data.google_project.this.number

  # Service account ids are 6-30 characters: the name's first 21 and a suffix.
  sa_prefix      = substr(var.name, 0, 21)
  ci_email       = "${local.sa_prefix}-ci@${var.project_id}.iam.gserviceaccount.com"
  workload_email = "${local.sa_prefix}-workload@${var.project_id}.iam.gserviceaccount.com"

  # The pool of the GitHub Actions provider
  # (projects/<number>/locations/global/workloadIdentityPools/<pool>).
  github_pool = var.github_workload_identity_provider == null ? null : split("/providers/", var.github_workload_identity_provider)[0]

  # GitHub's default subject claim of a job that runs in a deployment
  # environment; the provider must map google.subject = assertion.sub.
  # https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
  github_subject = "repo:${var.github_repository}:environment:${var.github_environment}"

  # '_' separates: neither names can hold one, so with '-' service "a" would
  # read service "a-b"'s secrets (and environment "dev" those of "dev-a").
  secret_prefix = "projects/${local.project_number}/secrets/${var.environment}_${var.name}_"

  # Service agents, named by the project number and so known at plan time.
  # https://cloud.google.com/iam/docs/service-agents
  artifact_registry_agent = "serviceAccount:service-${local.project_number}@gcp-sa-artifactregistry.iam.gserviceaccount.com"
}

# Turning an API off on destroy would break whatever else uses it.
resource "google_project_service" "this" {
  for_each = toset(concat(
    ["iamcredentials.googleapis.com", "secretmanager.googleapis.com"],
    var.create_registry ? ["artifactregistry.googleapis.com", "containerscanning.googleapis.com"] : [],
  ))

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

# --- Image registry (first environment only) --------------------------------------

# Artifact Registry encrypts with the service's key through its service agent.
resource "google_kms_crypto_key_iam_member" "registry" {
  count = var.create_registry ? 1 : 0

  crypto_key_id = var.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.artifact_registry_agent

  depends_on = [google_project_service.this]
}

resource "google_artifact_registry_repository" "this" {
  count = var.create_registry ? 1 : 0

  repository_id = var.name
  project       = var.project_id
  location      = var.region
  format        = "DOCKER"
  mode          = "STANDARD_REPOSITORY"
  description   = "Images of ${var.name}"
  kms_key_name  = var.kms_key_id
  labels        = var.labels

  # A tag, once pushed, always names the same image: what was tested is what
  # is deployed.
  docker_config {
    immutable_tags = true
  }

  # Cleanup policies delete by age and keep by count: images older than 30
  # days (untagged ones after 7) are deleted unless they are among the
  # image_retention_count most recent.
  # https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy
  cleanup_policy_dry_run = false

  cleanup_policies {
    id     = "keep-most-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = var.image_retention_count
    }
  }

  cleanup_policies {
    id     = "delete-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "604800s"
    }
  }

  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "2592000s"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.registry]
}

resource "google_artifact_registry_repository_iam_member" "readers" {
  for_each = var.create_registry ? toset(var.reader_members) : toset([])

  project    = var.project_id
  location   = var.region
  repository = google_artifact_registry_repository.this[0].name
  role       = "roles/artifactregistry.reader"
  member     = each.key
}

# --- The GitHub Actions identity that pushes images ---------------------------------
# No key anywhere: google-github-actions/auth exchanges the workflow's OIDC
# token at the environment's Workload Identity provider and impersonates this
# account, which only jobs of this repository in its GitHub environment may.

resource "google_service_account" "ci" {
  count = var.create_registry ? 1 : 0

  account_id   = "${local.sa_prefix}-ci"
  project      = var.project_id
  display_name = "GitHub Actions of ${var.github_repository} push images of ${var.name}"

  lifecycle {
    precondition {
      condition     = var.github_workload_identity_provider != null
      error_message = "github_workload_identity_provider is required when create_registry is true (gcp-bootstrap's github_workload_identity_provider)."
    }
  }
}

resource "google_service_account_iam_member" "ci_github" {
  count = var.create_registry ? 1 : 0

  service_account_id = google_service_account.ci[0].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principal://iam.googleapis.com/${local.github_pool}/subject/${local.github_subject}"
}

resource "google_artifact_registry_repository_iam_member" "ci_writer" {
  count = var.create_registry ? 1 : 0

  project    = var.project_id
  location   = var.region
  repository = google_artifact_registry_repository.this[0].name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${local.ci_email}"

  depends_on = [google_service_account.ci]
}

# --- The workload's own identity (GKE Workload Identity) ----------------------------

resource "google_service_account" "workload" {
  account_id   = "${local.sa_prefix}-workload"
  project      = var.project_id
  display_name = "Pods of ${var.name} in ${var.environment} (${var.namespace}/${var.service_account})"
}

resource "google_service_account_iam_member" "workload_gke" {
  service_account_id = google_service_account.workload.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${var.namespace}/${var.service_account}]"
}

# The service reads its own secrets, <environment>-<name>-*, and no other:
# Secret Manager names secrets and their versions by the project number.
# https://cloud.google.com/secret-manager/docs/access-control#conditions
resource "google_project_iam_member" "workload_secrets" {
  project = var.project_id
  role    = "roles/secretmanager.secretAccessor"
  member  = "serviceAccount:${local.workload_email}"

  condition {
    title       = "own-secrets"
    description = "Secrets of ${var.name} in ${var.environment} only"
    expression  = "resource.name.startsWith(\"${local.secret_prefix}\")"
  }

  depends_on = [google_service_account.workload]
}
