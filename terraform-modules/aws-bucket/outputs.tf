output "bucket" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.bucket
}

output "arn" {
  description = "ARN of the bucket."
  value       = "arn:aws:s3:::${local.bucket}"
}

output "access_policy_json" {
  description = "IAM policy document granting read and write to the bucket's objects; attach it to the service's workload role (the key is granted separately)."
  value       = data.aws_iam_policy_document.access.json
}
