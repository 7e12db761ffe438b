# The runtime of one service in one environment: registry and push role in
# the registry environment, the workload role everywhere.
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

variable "create_registry" {
  type        = bool
  description = "Whether this environment hosts the images."
}

module "baseline" {
  source = "../../../aws-baseline"

  name                = "payments-api"
  environment         = var.environment
  production          = var.production
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 200
  budget_alert_emails = ["payments-oncall@example.com"]
}

module "service" {
  source = "../../"

  name                      = "payments-api"
  environment               = var.environment
  tags                      = module.baseline.tags
  kms_key_arn               = module.baseline.kms_key_arn
  create_registry           = var.create_registry
  github_repository         = "acme/payments-api"
  github_environment        = var.environment
  pull_account_ids          = ["333333333333"]
  cluster_oidc_provider_arn = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  cluster_oidc_issuer       = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  namespace                 = "payments-api"
  service_account           = "payments-api"
}

output "ci_role_arn" {
  description = "Role for the workflow."
  value       = module.service.ci_role_arn
}
