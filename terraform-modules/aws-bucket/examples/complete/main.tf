# A service's private, encrypted, versioned bucket with access logs.
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

variable "access_log_bucket" {
  type        = string
  description = "The environment's access-log bucket (from aws-bootstrap)."
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

module "bucket" {
  source = "../../"

  name              = "payments-api-uploads"
  environment       = var.environment
  production        = var.production
  kms_key_arn       = module.baseline.kms_key_arn
  access_log_bucket = var.access_log_bucket
  tags              = module.baseline.tags
}

output "bucket" {
  description = "The bucket."
  value       = module.bucket.bucket
}
