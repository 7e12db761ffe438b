variable "name" {
  type        = string
  description = "Service name (the catalog Component's name), e.g. payments-api. Lower-case letters, digits and '-'."

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
  description = "Whether the environment is production: the key vault keeps deleted objects 90 days instead of 30."
  default     = false
}

variable "location" {
  type        = string
  description = "Azure region of the service's resources, e.g. westeurope."
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
  description = "Highest class of data the service holds: public, internal, confidential or restricted."
  default     = "internal"

  validation {
    condition     = contains(["public", "internal", "confidential", "restricted"], var.data_classification)
    error_message = "data_classification must be public, internal, confidential or restricted."
  }
}

variable "monthly_budget" {
  type        = number
  description = "Monthly cost budget of the service's resource group, in the billing account's currency. Alerts go out at 80% forecast and 100% actual."

  validation {
    condition     = var.monthly_budget > 0
    error_message = "monthly_budget must be greater than 0."
  }
}

variable "currency" {
  type        = string
  description = "ISO 4217 code of the billing account's currency (Azure budgets count in it and cannot be given another); recorded in the budget's name so the amount is read in the right unit."
  default     = "USD"

  validation {
    condition     = can(regex("^[A-Z]{3}$", var.currency))
    error_message = "currency must be an ISO 4217 code such as USD or EUR."
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

variable "key_vault_name" {
  type        = string
  description = "Name of the service's key vault, globally unique (the template derives it): 3-24 letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.key_vault_name)) && !can(regex("--", var.key_vault_name))
    error_message = "key_vault_name must be 3-24 letters, digits or '-', start with a letter, end with a letter or digit, and contain no '--'."
  }
}

variable "tenant_id" {
  type        = string
  description = "Entra ID tenant of the subscription; the key vault authenticates its callers there."

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.tenant_id))
    error_message = "tenant_id must be a GUID."
  }
}

variable "key_vault_allowed_ip_ranges" {
  type        = list(string)
  description = "Public addresses (CIDR) allowed through the key vault's deny-by-default firewall besides trusted Azure services: the Terraform runner's, and the environment's NAT addresses for External Secrets Operator."
  default     = []
}

variable "key_vault_allowed_subnet_ids" {
  type        = list(string)
  description = "Subnets (with the Microsoft.KeyVault service endpoint) allowed through the key vault's firewall, e.g. the cluster's node subnet."
  default     = []
}

variable "geo_backup_location" {
  type        = string
  description = "Paired region of location (e.g. northeurope for westeurope) where a second key vault, key and identity encrypt geo-redundant database backups; PostgreSQL requires them in the backup's region. null: none (no geo-redundant backups)."
  default     = null
}

variable "geo_backup_key_vault_name" {
  type        = string
  description = "Name of the key vault in geo_backup_location (same rules as key_vault_name); required with geo_backup_location."
  default     = null

  validation {
    condition     = var.geo_backup_key_vault_name == null || (can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.geo_backup_key_vault_name)) && !can(regex("--", var.geo_backup_key_vault_name)))
    error_message = "geo_backup_key_vault_name must be 3-24 letters, digits or '-', start with a letter, end with a letter or digit, and contain no '--'."
  }
}

variable "extra_tags" {
  type        = map(string)
  description = "Tags added to the mandatory ones; the mandatory keys cannot be overridden."
  default     = {}
}
