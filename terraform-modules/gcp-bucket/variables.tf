variable "name" {
  type        = string
  description = "Purpose of the bucket within the service, e.g. payments-api-uploads; the bucket is named <name>-<environment>-<project number>."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,34}[a-z0-9]$", var.name))
    error_message = "name must be 3-36 lower-case letters, digits or '-', starting with a letter (the full bucket name must stay under 63)."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production buckets keep superseded object versions 90 days instead of 30."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (gcp-baseline's project_id)."
}

variable "region" {
  type        = string
  description = "Region of the bucket (gcp-baseline's region); the key must be in it."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource: pass gcp-baseline's labels output."
}

variable "kms_key_id" {
  type        = string
  description = "Cloud KMS key that encrypts the objects (gcp-baseline's kms_key_id)."
}

variable "workload_service_account" {
  type        = string
  description = "E-mail of the service's Google service account (gcp-service's workload_service_account); it may read, write and delete the bucket's objects."

  validation {
    condition     = can(regex("^[a-z0-9-]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$", var.workload_service_account))
    error_message = "workload_service_account must be a service account e-mail, <id>@<project>.iam.gserviceaccount.com."
  }
}

variable "access_log_bucket" {
  type        = string
  description = "Bucket that receives the bucket's usage logs (Checkov CKV_GCP_62), or null: object access is then recorded by the project's Data Access audit logs only (gcp-account-baseline)."
  default     = null
}

variable "noncurrent_version_days" {
  type        = number
  description = "Days superseded object versions are kept; null picks 90 in production and 30 elsewhere."
  default     = null

  validation {
    condition     = var.noncurrent_version_days == null ? true : var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}
