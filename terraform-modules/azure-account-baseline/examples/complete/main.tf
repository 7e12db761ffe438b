# An Azure environment subscription's security baseline: Defender for Cloud
# plans, a security contact and the activity log kept in Log Analytics.
provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

variable "subscription_id" {
  type        = string
  description = "The environment's subscription."
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

module "account_baseline" {
  source = "../../"

  organization           = "acme"
  environment            = var.environment
  production             = var.production
  location               = "westeurope"
  security_contact_email = "security@example.com"
  tags = {
    Owner       = "group:default/security"
    Environment = var.environment
    CostCenter  = "cc-security"
  }
}

output "log_analytics_workspace_id" {
  description = "Where the activity log is kept."
  value       = module.account_baseline.log_analytics_workspace_id
}
