# A private GKE cluster on the environment's network.
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

module "cluster" {
  source = "../../"

  name                   = "platform-${var.environment}"
  environment            = var.environment
  production             = var.production
  project_id             = var.project_id
  region                 = "europe-west1"
  network                = "platform-${var.environment}"
  subnetwork             = "platform-${var.environment}-nodes"
  authorized_cidr_blocks = ["10.30.0.0/20"]
  labels = {
    owner       = "platform"
    environment = var.environment
    cost-center = "cc-platform"
  }
}

output "cluster_name" {
  description = "The cluster."
  value       = module.cluster.cluster_name
}
