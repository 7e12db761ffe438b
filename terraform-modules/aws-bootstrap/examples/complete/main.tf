# Bootstraps one environment account: state bucket, lock table, KMS key,
# access logs, GitHub OIDC and the account budget.
provider "aws" {
  region = var.region
}

variable "region" {
  type        = string
  description = "AWS region."
  default     = "us-east-1"
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
  description = "The environment's monthly budget in USD."
}

module "bootstrap" {
  source = "../../"

  organization        = "acme"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/platform"
  cost_center         = "cc-platform"
  monthly_budget      = var.monthly_budget
  budget_alert_emails = ["platform@example.com"]
}

output "backend_config" {
  description = "Backend settings for the environment's other stacks."
  value       = module.bootstrap.backend_config
}
