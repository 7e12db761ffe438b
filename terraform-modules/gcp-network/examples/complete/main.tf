# The network of one GCP environment.
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

module "network" {
  source = "../../"

  name        = "platform-${var.environment}"
  environment = var.environment
  production  = var.production
  project_id  = var.project_id
  region      = "europe-west1"
}

output "subnetwork" {
  description = "Node subnet."
  value       = module.network.subnetwork_name
}
