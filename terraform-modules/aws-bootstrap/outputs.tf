output "state_bucket" {
  description = "Name of the versioned, KMS-encrypted Terraform state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "lock_table" {
  description = "Name of the DynamoDB state lock table."
  value       = aws_dynamodb_table.lock.name
}

output "access_log_bucket" {
  description = "Name of the bucket that receives S3 server access logs of the environment."
  value       = aws_s3_bucket.access_logs.bucket
}

output "kms_key_arn" {
  description = "ARN of the environment's state and platform KMS key."
  value       = module.baseline.kms_key_arn
}

output "github_oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider, or null when github_oidc is false."
  value       = var.github_oidc ? aws_iam_openid_connect_provider.github[0].arn : null
}

output "backend_config" {
  description = "Settings for an S3 backend in this environment (add a key per stack)."
  value = {
    bucket         = aws_s3_bucket.state.bucket
    dynamodb_table = aws_dynamodb_table.lock.name
    encrypt        = true
    kms_key_id     = module.baseline.kms_key_arn
  }
}
