variable "name" {
  type        = string
  description = "Purpose of the queue within the service, e.g. payments-api; the queue is named <name>-<environment> and its dead-letter queue <name>-<environment>-dlq."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,58}[a-z0-9]$", var.name))
    error_message = "name must be 3-60 lower-case letters, digits or '-', starting with a letter (SQS names stop at 80 characters, with the environment and -dlq)."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production queues keep unconsumed messages 14 days instead of 4."
  default     = false
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the messages of both queues (aws-baseline's key)."
}

variable "kms_key_alias" {
  type        = string
  description = "Alias of kms_key_arn's key, e.g. alias/payments-api-prod (aws-baseline names it alias/<name>-<environment>); access_policy_json names the key by it."

  validation {
    condition     = can(regex("^alias/[a-zA-Z0-9/_-]+$", var.kms_key_alias))
    error_message = "kms_key_alias must be a KMS alias name such as alias/payments-api-prod."
  }
}

variable "message_retention_seconds" {
  type        = number
  description = "Seconds the queue keeps a message nobody consumed, 60 to 1209600; null picks 1209600 (14 days) in production and 345600 (4 days, the SQS default) elsewhere."
  default     = null

  validation {
    # A conditional, not ||: Terraform before 1.12 evaluates both sides of ||.
    condition     = var.message_retention_seconds == null ? true : (var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600)
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "Seconds a received message stays hidden from other consumers; set it above the time the service needs to handle one message."
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200 (12 hours)."
  }
}

variable "max_receive_count" {
  type        = number
  description = "Receives after which a message moves to the dead-letter queue."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output."
}
