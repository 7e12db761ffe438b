# The baseline alone, as a stack's first module: tags, key, log group and budget.
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
  description = "Monthly budget in USD."
}

module "baseline" {
  source = "../../"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  data_classification = "confidential"
  monthly_budget      = var.monthly_budget
  budget_alert_emails = ["payments-oncall@example.com"]
}

output "tags" {
  description = "Tags for the rest of the stack."
  value       = module.baseline.tags
}

output "kms_key_arn" {
  description = "The stack's KMS key."
  value       = module.baseline.kms_key_arn
}
