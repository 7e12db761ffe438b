variable "name" {
  type        = string
  description = "Name of the database instance, usually the service name (payments-api)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,50}[a-z0-9]$", var.name))
    error_message = "name must be 3-52 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production databases are Multi-AZ, deletion-protected, keep backups 30 days and take a final snapshot."
  default     = false
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database (aws-network's vpc_id)."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets in at least two zones (aws-network's private_subnet_ids)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs subnets in at least two zones, so that a standby or a restore has somewhere to go."
  }
}

variable "allowed_cidr_blocks" {
  type        = list(string)
  description = "Ranges allowed to connect on 5432, normally the VPC's private range; never 0.0.0.0/0."

  validation {
    condition     = length(var.allowed_cidr_blocks) > 0 && !contains(var.allowed_cidr_blocks, "0.0.0.0/0")
    error_message = "allowed_cidr_blocks must list at least one private range and must not contain 0.0.0.0/0."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage, the master password secret and Performance Insights (aws-baseline's key)."
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major.minor version."
  default     = "16.4"
}

variable "instance_class" {
  type        = string
  description = "Instance class; null picks db.m6g.large in production and db.t4g.micro elsewhere."
  default     = null
}

variable "allocated_storage" {
  type        = number
  description = "Initial storage in GiB; null picks 100 in production and 20 elsewhere. Storage grows automatically up to five times this."
  default     = null
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups (point-in-time recovery window); null picks 30 in production and 7 elsewhere."
  default     = null

  validation {
    condition     = var.backup_retention_days == null ? true : var.backup_retention_days >= 7
    error_message = "backup_retention_days must be at least 7."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output."
}
