variable "name" {
  type        = string
  description = "Name of the network, usually the environment's platform name (e.g. platform-prod); prefixes every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments; names the discovery parameters (/groundwork/<environment>/network/...)."
}

variable "production" {
  type        = bool
  description = "Production networks span three availability zones with a NAT gateway in each; others use two zones and one NAT gateway."
  default     = false
}

variable "cidr_block" {
  type        = string
  description = "IPv4 range of the VPC; a /16 leaves room for /20 private subnets per zone."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrsubnet(var.cidr_block, 4, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 16
    error_message = "cidr_block must be an IPv4 CIDR of /16 or larger, e.g. 10.20.0.0/16."
  }
}

variable "az_count" {
  type        = number
  description = "Number of availability zones; null picks 3 in production and 2 elsewhere."
  default     = null

  validation {
    condition     = var.az_count == null ? true : var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4: one zone is not a high-availability network."
  }
}

variable "nat_gateway_mode" {
  type        = string
  description = "per-az: a NAT gateway in every zone, so losing a zone does not cut the others off the internet; single: one shared gateway (a third of the cost, one zone of failure). null picks per-az in production and single elsewhere."
  default     = null

  validation {
    condition     = var.nat_gateway_mode == null ? true : contains(["per-az", "single"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be per-az or single."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the flow log group (the stack's aws-baseline key)."
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of VPC flow logs in days; null picks 365 in production and 30 elsewhere."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output (it carries the mandatory keys)."

  validation {
    condition     = alltrue([for k in ["Owner", "Environment", "CostCenter"] : contains(keys(var.tags), k)])
    error_message = "tags must carry Owner, Environment and CostCenter: pass module.baseline.tags."
  }
}
