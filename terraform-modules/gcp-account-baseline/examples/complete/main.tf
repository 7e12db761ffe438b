# A GCP environment project's security baseline: audit logs of every service
# into a CMEK-encrypted, retention-locked bucket, and SCC findings to Pub/Sub.
provider "google" {
  project = var.project_id
  region  = "europe-west1"
}

variable "project_id" {
  type        = string
  description = "The environment's project."
}

variable "environment" {
  type        = string
  description = "Environment name."
}

variable "production" {
  type        = bool
  description = "Whether the environment is production."
  default     = false
}

variable "scc_organization_id" {
  type        = string
  description = "Organisation with Security Command Center activated, or null."
  default     = null
}

module "account_baseline" {
  source = "../../"

  organization        = "acme"
  environment         = var.environment
  production          = var.production
  project_id          = var.project_id
  region              = "europe-west1"
  scc_organization_id = var.scc_organization_id
  audit_log_readers   = ["group:security@example.com"]
  labels = {
    owner       = "security"
    environment = var.environment
    cost-center = "cc-security"
    managed-by  = "terraform"
  }
}

output "audit_bucket" {
  description = "Where the audit logs go."
  value       = module.account_baseline.audit_bucket
}
