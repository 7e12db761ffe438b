# A service's queue: a CMEK-encrypted Pub/Sub topic, its subscription and a
# dead-letter topic.
provider "google" {
  project = var.project_id
  region  = "europe-west1"
}

provider "google-beta" {
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

module "baseline" {
  source = "../../../gcp-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  project_id          = var.project_id
  region              = "europe-west1"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 100
  billing_account     = "01A2B3-C4D5E6-F7A8B9"
  budget_alert_emails = ["payments-oncall@example.com"]
  key_ring_id         = "projects/${var.project_id}/locations/europe-west1/keyRings/acme-${var.environment}-platform"
}

module "queue" {
  source = "../../"

  name                     = "payments-api"
  environment              = var.environment
  production               = var.production
  project_id               = module.baseline.project_id
  region                   = module.baseline.region
  labels                   = module.baseline.labels
  kms_key_id               = module.baseline.kms_key_id
  workload_service_account = "payments-api-workload@${var.project_id}.iam.gserviceaccount.com"
}

output "topic_id" {
  description = "The topic the service publishes to."
  value       = module.queue.topic_id
}

output "subscription_id" {
  description = "The subscription the service consumes."
  value       = module.queue.subscription_id
}
