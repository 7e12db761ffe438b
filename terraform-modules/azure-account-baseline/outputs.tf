output "log_analytics_workspace_id" {
  description = "Id of the Log Analytics workspace that keeps the subscription's activity log."
  value       = azurerm_log_analytics_workspace.security.id
}

output "resource_group_name" {
  description = "Resource group of the security workspace."
  value       = azurerm_resource_group.security.name
}

output "defender_plans" {
  description = "Defender for Cloud plans turned on at the Standard tier."
  value       = sort(var.defender_plans)
}

output "activity_log_retention_days" {
  description = "Days the workspace keeps the activity log."
  value       = local.retention_days
}
