variable "name" {
  type        = string
  description = "Service name (the catalog Component's name), e.g. payments-api; names the repository and, by its first 21 characters, the service accounts."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (gcp-baseline's project_id)."
}

variable "region" {
  type        = string
  description = "Region of the registry (gcp-baseline's region); the key must be in it."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource: pass gcp-baseline's labels output."
}

variable "kms_key_id" {
  type        = string
  description = "Cloud KMS key that encrypts the image repository (gcp-baseline's kms_key_id)."
}

variable "create_registry" {
  type        = bool
  description = "Create the service's Artifact Registry repository and the GitHub Actions service account that pushes to it. True in the one environment that hosts the images (the first); the others pull from it (reader_members)."
  default     = false
}

variable "github_repository" {
  type        = string
  description = "GitHub repository of the service as owner/name; only its workflows, in the GitHub environment github_environment, may push images."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_environment" {
  type        = string
  description = "GitHub deployment environment whose workflow runs may impersonate the push service account (the subject claim is repo:<owner/name>:environment:<this>)."
  default     = "dev"
}

variable "github_workload_identity_provider" {
  type        = string
  description = "Full resource name of the environment's GitHub Actions Workload Identity provider, projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider> (gcp-bootstrap's github_workload_identity_provider); it must map google.subject = assertion.sub. Required when create_registry is true."
  default     = null

  validation {
    condition     = var.github_workload_identity_provider == null ? true : can(regex("^projects/[0-9]+/locations/global/workloadIdentityPools/[a-z0-9-]+/providers/[a-z0-9-]+$", var.github_workload_identity_provider))
    error_message = "github_workload_identity_provider must be projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>."
  }
}

variable "reader_members" {
  type        = list(string)
  description = "IAM members allowed to pull the service's images (roles/artifactregistry.reader on the repository alone), e.g. the other environments' GKE node service accounts as serviceAccount:<email>."
  default     = []

  validation {
    condition     = alltrue([for m in var.reader_members : can(regex("^(user|group|serviceAccount|domain|principal|principalSet):", m))])
    error_message = "reader_members must be user:, group:, serviceAccount:, domain:, principal: or principalSet: members (never allUsers or allAuthenticatedUsers)."
  }
}

variable "image_retention_count" {
  type        = number
  description = "Number of most recent image versions always kept; older ones are deleted after 30 days (untagged ones after 7)."
  default     = 50

  validation {
    condition     = var.image_retention_count >= 1
    error_message = "image_retention_count must be at least 1."
  }
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace the service runs in."
}

variable "service_account" {
  type        = string
  description = "Kubernetes service account of the service's pods; the only identity that may impersonate the workload service account."
}
