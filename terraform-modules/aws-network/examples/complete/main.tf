# A network for one environment, with its baseline (budget, key, tags).
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
  description = "Monthly budget of the network stack in USD."
}

module "baseline" {
  source = "../../../aws-baseline"

  name                = "platform-network"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/platform"
  cost_center         = "cc-platform"
  monthly_budget      = var.monthly_budget
  budget_alert_emails = ["platform@example.com"]
}

module "network" {
  source = "../../"

  name        = "platform-${var.environment}"
  environment = var.environment
  production  = var.production
  cidr_block  = "10.20.0.0/16"
  kms_key_arn = module.baseline.kms_key_arn
  tags        = module.baseline.tags
}

output "private_subnet_ids" {
  description = "Private subnets."
  value       = module.network.private_subnet_ids
}

output "nat_gateway_count" {
  description = "NAT gateways."
  value       = module.network.nat_gateway_count
}
