# A service's encrypted, TLS-only queue with its dead-letter queue.
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

module "baseline" {
  source = "../../../aws-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 100
  budget_alert_emails = ["payments-oncall@example.com"]
}

module "queue" {
  source = "../../"

  name        = "payments-api"
  environment = var.environment
  production  = var.production
  kms_key_arn = module.baseline.kms_key_arn
  # aws-baseline's alias for that key.
  kms_key_alias = "alias/payments-api-${var.environment}"
  tags          = module.baseline.tags
}

output "queue_url" {
  description = "The queue."
  value       = module.queue.queue_url
}
