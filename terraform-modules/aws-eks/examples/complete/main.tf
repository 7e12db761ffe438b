# An EKS cluster on an existing network, with its own baseline.
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
  description = "Monthly budget of the cluster stack in USD."
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

  name                = "platform-cluster"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/platform"
  cost_center         = "cc-platform"
  monthly_budget      = var.monthly_budget
  budget_alert_emails = ["platform@example.com"]
}

module "cluster" {
  source = "../../"

  name           = "platform-${var.environment}"
  environment    = var.environment
  production     = var.production
  vpc_id         = var.vpc_id
  vpc_cidr_block = "10.20.0.0/16"
  subnet_ids     = var.private_subnet_ids
  kms_key_arn    = module.baseline.kms_key_arn
  tags           = module.baseline.tags
}

output "cluster_name" {
  description = "The cluster."
  value       = module.cluster.cluster_name
}
