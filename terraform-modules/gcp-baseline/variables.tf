variable "name" {
  type        = string
  description = "Name of the service the baseline governs, e.g. payments-api; names its key and budget and becomes the service label. Lower-case letters, digits and '-'."

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
  description = "Whether the environment is production: a destroyed key stays recoverable 30 days instead of 7."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (groundwork.environments[].cloud.account)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the environment, e.g. europe-west1 (the key ring's location)."
}

variable "owner" {
  type        = string
  description = "Owning team as a catalog reference (group:default/payments); becomes the owner label (characters GCP labels refuse become '_')."
}

variable "cost_center" {
  type        = string
  description = "Cost center the spend is charged to; becomes the cost-center label."
}

variable "data_classification" {
  type        = string
  description = "Highest class of data the service holds: public, internal, confidential or restricted; becomes the data-classification label."
  default     = "internal"

  validation {
    condition     = contains(["public", "internal", "confidential", "restricted"], var.data_classification)
    error_message = "data_classification must be public, internal, confidential or restricted."
  }
}

variable "monthly_budget" {
  type        = number
  description = "Monthly cost budget for the service, in var.currency (rounded up to a whole unit). Alerts go out at 80% forecast and 100% actual."

  validation {
    condition     = var.monthly_budget > 0
    error_message = "monthly_budget must be greater than 0."
  }
}

variable "currency" {
  type        = string
  description = "Currency of the budget: it must be the billing account's currency (ISO 4217, e.g. USD, EUR)."
  default     = "USD"

  validation {
    condition     = can(regex("^[A-Z]{3}$", var.currency))
    error_message = "currency must be an ISO 4217 code such as USD or EUR."
  }
}

variable "billing_account" {
  type        = string
  description = "Billing account of the environment's project, XXXXXX-XXXXXX-XXXXXX; the budget lives there (Terraform's identity needs billing.budgets.create on it, e.g. roles/billing.costsManager)."

  validation {
    condition     = can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account))
    error_message = "billing_account must be XXXXXX-XXXXXX-XXXXXX (upper-case hexadecimal)."
  }
}

variable "budget_alert_emails" {
  type        = list(string)
  description = "Addresses told when the budget is forecast to be exceeded or is exceeded (one to five: a budget takes at most five notification channels)."

  validation {
    condition     = length(var.budget_alert_emails) > 0 && length(var.budget_alert_emails) <= 5
    error_message = "budget_alert_emails needs one to five addresses: a budget nobody hears about protects nothing, and a budget takes at most five channels."
  }

  validation {
    condition     = alltrue([for e in var.budget_alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "budget_alert_emails must be e-mail addresses."
  }
}

variable "key_ring_id" {
  type        = string
  description = "The environment's Cloud KMS key ring (gcp-bootstrap's key_ring_id): projects/<project>/locations/<region>/keyRings/<organization>-<environment>-platform. The service's key is created in it."

  validation {
    condition     = can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+$", var.key_ring_id))
    error_message = "key_ring_id must be projects/<project>/locations/<region>/keyRings/<name>."
  }
}

variable "extra_labels" {
  type        = map(string)
  description = "Labels added to the mandatory ones (keys lower-case letters, digits, '_' or '-'; values are lower-cased and other characters become '_'); the mandatory keys cannot be overridden."
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.extra_labels) : can(regex("^[a-z][a-z0-9_-]{0,62}$", k))])
    error_message = "extra_labels keys must start with a lower-case letter and hold at most 63 lower-case letters, digits, '_' or '-'."
  }
}
