# The baseline alone, as a GCP service's first module: labels, key and budget.
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

variable "monthly_budget" {
  type        = number
  description = "Monthly budget in USD."
}

module "baseline" {
  source = "../../"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  project_id          = var.project_id
  region              = "europe-west1"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  data_classification = "confidential"
  monthly_budget      = var.monthly_budget
  currency            = "USD"
  billing_account     = "01A2B3-C4D5E6-F7A8B9"
  budget_alert_emails = ["payments-oncall@example.com", "payments-lead@example.com"]
  key_ring_id         = "projects/${var.project_id}/locations/europe-west1/keyRings/acme-${var.environment}-platform"
  extra_labels        = { repository = "acme/payments-api" }
}

output "labels" {
  description = "Labels for the rest of the service."
  value       = module.baseline.labels
}

output "kms_key_id" {
  description = "The service's key."
  value       = module.baseline.kms_key_id
}
