variable "name" {
  type        = string
  description = "Name of the database, usually the service name (payments-api); the instance is <name>-<environment>, the database <name> with '_' for '-'."

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
  description = "Production instances are regional (a standby in another zone), deletion-protected, keep 30 backups instead of 7 and default to a larger tier and disk."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (gcp-baseline's project_id)."
}

variable "region" {
  type        = string
  description = "Region of the instance (gcp-baseline's region); the key must be in it."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource: pass gcp-baseline's labels output."
}

variable "network_id" {
  type        = string
  description = "The environment's VPC network (gcp-network's network_id, projects/<project>/global/networks/<name>), with private services access (gcp-network >= 1.1.0); the instance has a private IP on it and no public one."

  validation {
    condition     = can(regex("^projects/[^/]+/global/networks/[^/]+$", var.network_id))
    error_message = "network_id must be projects/<project>/global/networks/<name>."
  }
}

variable "kms_key_id" {
  type        = string
  description = "Cloud KMS key that encrypts the instance, its backups and logs (gcp-baseline's kms_key_id)."
}

variable "workload_service_account" {
  type        = string
  description = "E-mail of the service's Google service account (gcp-service's workload_service_account); it becomes the database's IAM user and may connect to this instance only."

  validation {
    condition     = can(regex("^[a-z0-9-]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$", var.workload_service_account))
    error_message = "workload_service_account must be a service account e-mail, <id>@<project>.iam.gserviceaccount.com."
  }
}

variable "tier" {
  type        = string
  description = "Machine tier (Enterprise edition); null picks db-custom-2-7680 (2 vCPU, 7.5 GB) in production and db-custom-1-3840 (1 vCPU, 3.75 GB) elsewhere."
  default     = null

  validation {
    condition     = var.tier == null ? true : can(regex("^db-(custom-[0-9]+-[0-9]+|n1-(standard|highmem)-[0-9]+)$", var.tier))
    error_message = "tier must be a dedicated-core tier (db-custom-<vCPU>-<MB> or db-n1-...); shared-core tiers have no SLA."
  }
}

variable "disk_size_gb" {
  type        = number
  description = "Initial SSD size in GB; null picks 50 in production and 10 elsewhere. It grows automatically up to five times this."
  default     = null
}
