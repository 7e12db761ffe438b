output "resource_group_name" {
  description = "Resource group of the platform."
  value       = module.bootstrap.resource_group_name
}

output "key_vault_id" {
  description = "Key vault of the platform."
  value       = module.bootstrap.key_vault_id
}

output "security_workspace_id" {
  description = "Log Analytics workspace that keeps the subscription's activity log."
  value       = module.account_baseline.log_analytics_workspace_id
}
