variable "name" {
  type        = string
  description = "Name of the stack the baseline governs (a service or a platform layer), e.g. payments-api. Lower-case letters, digits and '-'."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
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
  description = "Whether the environment is production: longer log retention and key deletion windows."
  default     = false
}

variable "owner" {
  type        = string
  description = "Owning team as a catalog reference (group:default/payments); becomes the Owner tag."
}

variable "cost_center" {
  type        = string
  description = "Cost center the spend is charged to; becomes the CostCenter tag."
}

variable "data_classification" {
  type        = string
  description = "Highest class of data the stack holds: public, internal, confidential or restricted."
  default     = "internal"

  validation {
    condition     = contains(["public", "internal", "confidential", "restricted"], var.data_classification)
    error_message = "data_classification must be public, internal, confidential or restricted."
  }
}

variable "monthly_budget" {
  type        = number
  description = "Monthly cost budget for the stack, in var.currency. Alerts go out at 80% forecast and 100% actual."

  validation {
    condition     = var.monthly_budget > 0
    error_message = "monthly_budget must be greater than 0."
  }
}

variable "currency" {
  type        = string
  description = "Currency of the budget (AWS Budgets supports USD)."
  default     = "USD"
}

variable "budget_scope" {
  type        = string
  description = "service: the budget counts resources tagged Service = var.name; account: the whole account (for an environment's bootstrap)."
  default     = "service"

  validation {
    condition     = contains(["service", "account"], var.budget_scope)
    error_message = "budget_scope must be service or account."
  }
}

variable "budget_alert_emails" {
  type        = list(string)
  description = "Addresses told when the budget is forecast to be exceeded or is exceeded."

  validation {
    condition     = length(var.budget_alert_emails) > 0
    error_message = "budget_alert_emails needs at least one address: a budget nobody hears about protects nothing."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the stack's log group in days; null picks 365 in production and 30 elsewhere."
  default     = null
}

variable "extra_tags" {
  type        = map(string)
  description = "Tags added to the mandatory ones; the mandatory keys cannot be overridden."
  default     = {}
}
