variable "name" {
  type        = string
  description = "Purpose of the queue within the service, e.g. payments-api; the topic and its subscription are named <name>-<environment>, the dead-letter topic and its subscription <name>-<environment>-dlq."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,58}[a-z0-9]$", var.name))
    error_message = "name must be 3-60 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production subscriptions keep unacknowledged messages 7 days (the Pub/Sub maximum) instead of 4."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (gcp-baseline's project_id)."
}

variable "region" {
  type        = string
  description = "Region the messages are stored in (gcp-baseline's region); the key must be in it."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource: pass gcp-baseline's labels output."
}

variable "kms_key_id" {
  type        = string
  description = "Cloud KMS key that encrypts the messages of both topics (gcp-baseline's kms_key_id)."
}

variable "workload_service_account" {
  type        = string
  description = "E-mail of the service's Google service account (gcp-service's workload_service_account); it may publish to the topic and consume the subscription."

  validation {
    condition     = can(regex("^[a-z0-9-]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$", var.workload_service_account))
    error_message = "workload_service_account must be a service account e-mail, <id>@<project>.iam.gserviceaccount.com."
  }
}

variable "message_retention_duration" {
  type        = string
  description = "How long the subscription keeps an unacknowledged message, \"600s\" to \"604800s\"; null picks 604800s (7 days) in production and 345600s (4 days) elsewhere."
  default     = null

  validation {
    # A conditional, not ||: Terraform before 1.12 evaluates both sides of ||.
    condition     = var.message_retention_duration == null ? true : (can(regex("^[0-9]+s$", var.message_retention_duration)) ? (tonumber(trimsuffix(var.message_retention_duration, "s")) >= 600 && tonumber(trimsuffix(var.message_retention_duration, "s")) <= 604800) : false)
    error_message = "message_retention_duration must be seconds such as \"345600s\", between 600s and 604800s (7 days)."
  }
}

variable "ack_deadline_seconds" {
  type        = number
  description = "Seconds the service has to acknowledge a message before Pub/Sub redelivers it; set it above the time the service needs to handle one message."
  default     = 30

  validation {
    condition     = var.ack_deadline_seconds >= 10 && var.ack_deadline_seconds <= 600
    error_message = "ack_deadline_seconds must be between 10 and 600."
  }
}

variable "max_delivery_attempts" {
  type        = number
  description = "Delivery attempts after which a message moves to the dead-letter topic (Pub/Sub allows 5 to 100)."
  default     = 5

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}
