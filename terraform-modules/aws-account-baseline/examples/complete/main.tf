# An environment account's security baseline: CloudTrail, GuardDuty,
# Security Hub with CIS, AWS Config, the IAM password policy and Access
# Analyzer, with the tags and budget of aws-baseline.
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

  name                = "account-baseline"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/security"
  cost_center         = "cc-security"
  data_classification = "confidential"
  monthly_budget      = 200
  budget_alert_emails = ["security@example.com"]
}

module "account_baseline" {
  source = "../../"

  organization      = "acme"
  environment       = var.environment
  production        = var.production
  access_log_bucket = var.access_log_bucket
  tags              = module.baseline.tags
}

output "audit_bucket" {
  description = "Where CloudTrail and Config deliver."
  value       = module.account_baseline.audit_bucket
}
