variable "organization" {
  type        = string
  description = "Short name of the organisation (lower-case letters and digits only: storage account names allow nothing else), e.g. acme."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.organization))
    error_message = "organization must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."

  validation {
    condition     = can(regex("^[a-z0-9]{1,8}$", var.environment))
    error_message = "environment must be 1-8 lower-case letters or digits here: it is part of the storage account name."
  }
}

variable "production" {
  type        = bool
  description = "Production keeps deleted state blobs and versions 90 days instead of 30, and replicates the account across zones."
  default     = false
}

variable "location" {
  type        = string
  description = "Azure region, e.g. westeurope."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource; must carry Owner, Environment and CostCenter."

  validation {
    condition     = alltrue([for k in ["Owner", "Environment", "CostCenter"] : contains(keys(var.tags), k)])
    error_message = "tags must carry Owner, Environment and CostCenter."
  }
}

variable "state_allowed_ip_ranges" {
  type        = list(string)
  description = "Public IP ranges (CIDR) of the machines that run Terraform against this state: CI runners, HCP Terraform agents. Every other network is denied."
  default     = []

  validation {
    condition     = alltrue([for r in var.state_allowed_ip_ranges : can(cidrhost(r, 0))])
    error_message = "state_allowed_ip_ranges must be CIDR ranges, e.g. 203.0.113.0/24."
  }
}
