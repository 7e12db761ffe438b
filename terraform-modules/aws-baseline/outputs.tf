output "tags" {
  description = "The mandatory tags (Owner, Environment, CostCenter, DataClassification, Service, ManagedBy) merged with extra_tags; pass them to every other module of the stack."
  value       = local.tags
}

output "kms_key_arn" {
  description = "ARN of the stack's customer-managed KMS key (rotated yearly)."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "Id of the stack's KMS key."
  value       = aws_kms_key.this.key_id
}

output "log_group_name" {
  description = "Name of the stack's KMS-encrypted CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the stack's log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "budget_name" {
  description = "Name of the stack's monthly AWS budget."
  value       = aws_budgets_budget.this.name
}

output "log_retention_days" {
  description = "Retention applied to the log group, in days."
  value       = local.log_retention_days
}
