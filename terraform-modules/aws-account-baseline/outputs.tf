output "audit_bucket" {
  description = "Name of the bucket that holds the CloudTrail and Config files (versioned, KMS-encrypted, TLS-only)."
  value       = aws_s3_bucket.audit.bucket
}

output "audit_kms_key_arn" {
  description = "ARN of the key the audit trail is encrypted with; grant kms:Decrypt on it to whoever reads the trail."
  value       = aws_kms_key.audit.arn
}

output "cloudtrail_arn" {
  description = "ARN of the multi-region trail."
  value       = aws_cloudtrail.this.arn
}

output "cloudtrail_log_group_name" {
  description = "CloudWatch Logs group that receives the trail, or null when cloudwatch_logs is off."
  value       = local.cloudwatch_logs ? aws_cloudwatch_log_group.trail[0].name : null
}

output "guardduty_detector_id" {
  description = "Id of the account's GuardDuty detector in this region."
  value       = aws_guardduty_detector.this.id
}

output "securityhub_cis_standard_arn" {
  description = "ARN of the CIS AWS Foundations Benchmark standard Security Hub checks the account against."
  value       = aws_securityhub_standards_subscription.cis.standards_arn
}

output "config_recorder_name" {
  description = "Name of the account's AWS Config recorder in this region."
  value       = aws_config_configuration_recorder.this.name
}

output "access_analyzer_arn" {
  description = "ARN of the account's IAM Access Analyzer."
  value       = aws_accessanalyzer_analyzer.this.arn
}
