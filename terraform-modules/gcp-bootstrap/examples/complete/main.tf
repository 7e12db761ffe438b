# Bootstraps one GCP environment project: state bucket and its key.
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

module "bootstrap" {
  source = "../../"

  organization = "acme"
  environment  = var.environment
  production   = var.production
  project_id   = var.project_id
  region       = "europe-west1"
  github_organization = "acme"
  labels = {
    owner       = "platform"
    environment = var.environment
    cost-center = "cc-platform"
    managed-by  = "terraform"
  }
}

output "state_bucket" {
  description = "State bucket."
  value       = module.bootstrap.state_bucket
}

output "github_workload_identity_provider" {
  description = "Where the organisation's workflows authenticate."
  value       = module.bootstrap.github_workload_identity_provider
}
