# The runtime of one service in one GCP environment: registry and push
# identity in the registry environment, the workload identity everywhere.
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

variable "create_registry" {
  type        = bool
  description = "Whether this environment hosts the images."
}

variable "github_workload_identity_provider" {
  type        = string
  description = "The environment's GitHub Actions provider, or null."
  default     = null
}

module "baseline" {
  source = "../../../gcp-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  project_id          = var.project_id
  region              = "europe-west1"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 200
  billing_account     = "01A2B3-C4D5E6-F7A8B9"
  budget_alert_emails = ["payments-oncall@example.com"]
  key_ring_id         = "projects/${var.project_id}/locations/europe-west1/keyRings/acme-${var.environment}-platform"
}

module "service" {
  source = "../../"

  name                              = "payments-api"
  environment                       = var.environment
  project_id                        = module.baseline.project_id
  region                            = module.baseline.region
  labels                            = module.baseline.labels
  kms_key_id                        = module.baseline.kms_key_id
  create_registry                   = var.create_registry
  github_repository                 = "acme/payments-api"
  github_environment                = var.environment
  github_workload_identity_provider = var.github_workload_identity_provider
  reader_members                    = ["serviceAccount:platform-prod-nodes@acme-prod.iam.gserviceaccount.com"]
  namespace                         = "payments-api"
  service_account                   = "payments-api"
}

output "repository_url" {
  description = "Where the images go."
  value       = module.service.repository_url
}

output "workload_service_account" {
  description = "The pods' Google service account."
  value       = module.service.workload_service_account
}
