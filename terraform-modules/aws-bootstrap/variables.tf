variable "organization" {
  type        = string
  description = "Short name of the organisation, used as the prefix of globally unique names (state bucket, lock table), e.g. acme."

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
  description = "Whether the environment is production: deletion protection on the lock table, longer retention of state versions and access logs."
  default     = false
}

variable "owner" {
  type        = string
  description = "Team that owns the environment (catalog reference, e.g. group:default/platform); the Owner tag."
}

variable "cost_center" {
  type        = string
  description = "Cost center the environment's shared spend is charged to."
}

variable "monthly_budget" {
  type        = number
  description = "Monthly budget of the whole environment account, in USD (groundwork.environments[].monthlyBudget)."
}

variable "budget_alert_emails" {
  type        = list(string)
  description = "Addresses told when the environment's spend is forecast to exceed its budget."
}

variable "github_oidc" {
  type        = bool
  description = "Create the account's GitHub Actions OIDC identity provider, so that workflows assume roles with short-lived tokens instead of stored keys."
  default     = true
}

variable "state_version_retention_days" {
  type        = number
  description = "Days to keep superseded state versions; null picks 365 in production and 90 elsewhere."
  default     = null
}
