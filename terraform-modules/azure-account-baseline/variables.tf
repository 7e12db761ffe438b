variable "organization" {
  type        = string
  description = "Short name of the organisation, the prefix of resource names, e.g. acme."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.organization))
    error_message = "organization must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.environment))
    error_message = "environment must be lower-case letters, digits and '-' (at most 63)."
  }
}

variable "production" {
  type        = bool
  description = "Whether the environment is production: the activity log kept 730 days instead of 90, and Defender for Servers plan 2 instead of plan 1."
  default     = false
}

variable "location" {
  type        = string
  description = "Azure region of the security resource group and its Log Analytics workspace, e.g. westeurope."
}

variable "security_contact_email" {
  type        = string
  description = "Address Microsoft Defender for Cloud sends security alerts to (the security team's, not a person's)."

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+$", var.security_contact_email))
    error_message = "security_contact_email must be an e-mail address."
  }
}

variable "defender_plans" {
  type        = list(string)
  description = "Defender for Cloud plans (resource types) turned on at the Standard tier: the ones the platform's resources use."
  default     = ["VirtualMachines", "Containers", "StorageAccounts", "KeyVaults", "Arm", "OpenSourceRelationalDatabases"]
}

variable "activity_log_retention_days" {
  type        = number
  description = "Days the Log Analytics workspace keeps the subscription's activity log; null picks 730 in production and 90 elsewhere."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource; must carry Owner, Environment and CostCenter."

  validation {
    condition     = alltrue([for k in ["Owner", "Environment", "CostCenter"] : contains(keys(var.tags), k)])
    error_message = "tags must carry Owner, Environment and CostCenter."
  }
}
