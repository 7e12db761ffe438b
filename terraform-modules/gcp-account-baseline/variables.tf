variable "organization" {
  type        = string
  description = "Short name of the organisation, the prefix of globally unique names (the audit bucket), e.g. acme."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.organization))
    error_message = "organization must be 2-21 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.environment))
    error_message = "environment must be lower-case letters, digits and '-' (at most 63)."
  }
}

variable "production" {
  type        = bool
  description = "Whether the environment is production: audit logs kept 7 years instead of 1, and the bucket's retention policy locked (irreversible)."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (groundwork.environments[].cloud.account)."
}

variable "region" {
  type        = string
  description = "Region of the audit bucket and its key ring, e.g. europe-west1."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource; must carry owner, environment and cost-center (GCP label keys are lower-case)."

  validation {
    condition     = alltrue([for k in ["owner", "environment", "cost-center"] : contains(keys(var.labels), k)])
    error_message = "labels must carry owner, environment and cost-center."
  }
}

variable "audit_log_retention_days" {
  type        = number
  description = "Days audit logs are kept (and, in production, cannot be deleted) in the audit bucket; null picks 2555 (7 years) in production and 365 elsewhere."
  default     = null
}

variable "scc_organization_id" {
  type        = string
  description = "Numeric id of the organisation whose Security Command Center (Standard or Premium) is activated; when given, the project's active findings are published to a CMEK-encrypted Pub/Sub topic. null: SCC stays an organisation-level matter."
  default     = null
}

variable "audit_log_readers" {
  type        = list(string)
  description = "IAM members who may read the archived audit logs in the bucket (roles/storage.objectViewer on it alone), e.g. group:security@example.com; the CISO persona's project roles cover Cloud Logging and SCC, not this bucket."
  default     = []

  validation {
    condition     = alltrue([for m in var.audit_log_readers : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "audit_log_readers must be user:, group:, serviceAccount: or domain: members (never allUsers or allAuthenticatedUsers)."
  }
}
