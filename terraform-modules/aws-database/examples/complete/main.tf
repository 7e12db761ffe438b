# A service's PostgreSQL database, with the stack's baseline.
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

variable "vpc_id" {
  type        = string
  description = "VPC from the network stack."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets from the network stack."
}

module "baseline" {
  source = "../../../aws-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  data_classification = "confidential"
  monthly_budget      = 400
  budget_alert_emails = ["payments-oncall@example.com"]
}

module "database" {
  source = "../../"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  vpc_id              = var.vpc_id
  subnet_ids          = var.private_subnet_ids
  allowed_cidr_blocks = ["10.20.0.0/16"]
  kms_key_arn         = module.baseline.kms_key_arn
  tags                = module.baseline.tags
}

output "endpoint" {
  description = "Database endpoint."
  value       = module.database.endpoint
}
