variable "name" {
  type        = string
  description = "Purpose of the bucket within the service, e.g. payments-api-uploads; the bucket is named <name>-<environment>-<account id>."

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

variable "kms_key_arn" {
  type        = string
  description = "KMS key for server-side encryption (aws-baseline's key)."
}

variable "access_log_bucket" {
  type        = string
  description = "Bucket that receives the server access logs (aws-bootstrap's access_log_bucket)."
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days superseded versions are kept; null picks 90 in production and 30 elsewhere."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output."
}
