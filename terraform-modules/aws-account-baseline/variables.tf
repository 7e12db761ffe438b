variable "organization" {
  type        = string
  description = "Short name of the organisation, used as the prefix of the audit bucket's globally unique name, e.g. acme."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.organization))
    error_message = "organization must be 2-21 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments (dev, staging, prod, ...)."

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.environment))
    error_message = "environment must be lower-case letters, digits and '-' (at most 63)."
  }
}

variable "production" {
  type        = bool
  description = "Whether the environment is production: audit logs kept 7 years instead of 1, CloudTrail to CloudWatch Logs, continuous Config recording, GuardDuty findings every 15 minutes, 30-day key deletion window."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: the mandatory ones (Owner, Environment, CostCenter, DataClassification), e.g. aws-baseline's tags output."
}

variable "access_log_bucket" {
  type        = string
  description = "Bucket that receives the audit bucket's server access logs (aws-bootstrap's access_log_bucket)."
}

variable "audit_log_retention_days" {
  type        = number
  description = "Days CloudTrail and Config files are kept in the audit bucket; null picks 2555 (7 years) in production and 365 elsewhere."
  default     = null

  validation {
    condition     = var.audit_log_retention_days == null ? true : var.audit_log_retention_days >= 365
    error_message = "audit_log_retention_days must be at least 365: CIS and most auditors ask for a year of trail."
  }
}

variable "cloudwatch_logs" {
  type        = bool
  description = "Also deliver CloudTrail to a KMS-encrypted CloudWatch Logs group (for metric filters and alarms); null picks true in production only."
  default     = null
}

variable "cis_benchmark_version" {
  type        = string
  description = "Version of the CIS AWS Foundations Benchmark standard Security Hub subscribes to (the versions Security Hub documents with a regional standards ARN)."
  default     = "3.0.0"

  validation {
    condition     = contains(["1.4.0", "3.0.0"], var.cis_benchmark_version)
    error_message = "cis_benchmark_version must be 1.4.0 or 3.0.0."
  }
}

variable "record_global_resources" {
  type        = bool
  description = "Whether this region's Config recorder also records global resources (IAM users, groups, roles, policies). Turn it on in exactly one region per account."
  default     = true
}

variable "max_password_age" {
  type        = number
  description = "Days before an IAM user's console password expires (CIS v1.2 asks 90 or less; 0 for never, as NIST SP 800-63B advises when MFA is enforced)."
  default     = 90
}
