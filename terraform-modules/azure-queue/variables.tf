variable "name" {
  type        = string
  description = "Service name, e.g. payments-api; the namespace is sb-<name>-<environment> unless namespace_name is given."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production picks the Premium tier (customer-managed key) and keeps unconsumed messages 14 days instead of 4."
  default     = false
}

variable "resource_group_name" {
  type        = string
  description = "The service's resource group (azure-baseline's resource_group_name)."
}

variable "location" {
  type        = string
  description = "Azure region (azure-baseline's location)."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass azure-baseline's tags output."
}

variable "namespace_name" {
  type        = string
  description = "Globally unique namespace name (6-50 letters, digits and '-', a letter first, a letter or digit last, not ending in -sb or -mgmt); null derives sb-<name>-<environment>."
  default     = null

  validation {
    condition     = var.namespace_name == null ? true : (can(regex("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$", var.namespace_name)) && !endswith(var.namespace_name, "-sb") && !endswith(var.namespace_name, "-mgmt"))
    error_message = "namespace_name must be 6-50 letters, digits or '-', start with a letter, end with a letter or digit, and not end with -sb or -mgmt."
  }
}

variable "queue_name" {
  type        = string
  description = "Name of the queue in the namespace."
  default     = "messages"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{0,258}[a-z0-9]$", var.queue_name))
    error_message = "queue_name must be lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit."
  }
}

variable "sku" {
  type        = string
  description = "Standard or Premium; null picks Premium in production and Standard elsewhere (README: cost and what each tier lacks)."
  default     = null

  validation {
    condition     = var.sku == null ? true : contains(["Standard", "Premium"], var.sku)
    error_message = "sku must be Standard or Premium."
  }
}

variable "cmk_key_id" {
  type        = string
  description = "Versionless id of the customer-managed key (azure-baseline's cmk_key_id); used by Premium namespaces."
  default     = null
}

variable "cmk_identity_id" {
  type        = string
  description = "User-assigned identity allowed to use that key (azure-baseline's cmk_identity_id); used by Premium namespaces."
  default     = null
}

variable "workload_principal_id" {
  type        = string
  description = "Object id of the service's workload identity (azure-service's workload_principal_id); it gets Azure Service Bus Data Sender and Receiver on the queue only."
}

variable "max_delivery_count" {
  type        = number
  description = "Deliveries after which a message moves to the dead-letter subqueue."
  default     = 5

  validation {
    condition     = var.max_delivery_count >= 1 && var.max_delivery_count <= 2000
    error_message = "max_delivery_count must be between 1 and 2000."
  }
}

variable "default_message_ttl" {
  type        = string
  description = "ISO 8601 duration a message lives unconsumed before it is dead-lettered; null picks P14D in production and P4D elsewhere."
  default     = null

  validation {
    condition     = var.default_message_ttl == null ? true : can(regex("^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+S)?)?$", var.default_message_ttl))
    error_message = "default_message_ttl must be an ISO 8601 duration such as P4D or PT12H."
  }
}

variable "lock_duration" {
  type        = string
  description = "ISO 8601 duration a received message stays locked to its receiver (at most PT5M); set it above the time the service needs to handle one message."
  default     = "PT30S"

  validation {
    condition     = can(regex("^PT(([1-4]M)?([0-5]?[0-9]S)?|5M)$", var.lock_duration)) && var.lock_duration != "PT"
    error_message = "lock_duration must be an ISO 8601 duration from PT5S to PT5M, e.g. PT30S or PT1M."
  }
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace that receives the namespace's operational logs (and Premium's runtime audit logs), e.g. azure-aks's log_analytics_workspace_id; null: no resource logs."
  default     = null
}
