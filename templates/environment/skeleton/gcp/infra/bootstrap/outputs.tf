output "state_bucket" {
  description = "State bucket for the services of the environment."
  value       = module.bootstrap.state_bucket
}

output "audit_bucket" {
  description = "Bucket of the project's audit logs."
  value       = module.account_baseline.audit_bucket
}
