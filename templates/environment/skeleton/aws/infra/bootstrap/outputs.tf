output "state_bucket" {
  description = "State bucket for the services of the environment."
  value       = module.bootstrap.state_bucket
}

output "lock_table" {
  description = "State lock table."
  value       = module.bootstrap.lock_table
}

output "kms_key_arn" {
  description = "The environment's KMS key."
  value       = module.bootstrap.kms_key_arn
}

output "github_oidc_provider_arn" {
  description = "GitHub Actions OIDC provider of the account."
  value       = module.bootstrap.github_oidc_provider_arn
}

output "audit_bucket" {
  description = "Bucket of the account's CloudTrail and Config files."
  value       = module.account_baseline.audit_bucket
}

output "guardduty_detector_id" {
  description = "GuardDuty detector of the account in this region."
  value       = module.account_baseline.guardduty_detector_id
}
