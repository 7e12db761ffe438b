output "aws_region" {
  description = "Region of the stack."
  value       = ${{ values.environment.cloud.region | hcl }}
}

output "workload_role_arn" {
  description = "Role of the service's pods (the service account's eks.amazonaws.com/role-arn)."
  value       = module.service.workload_role_arn
}

output "ci_role_arn" {
  description = "Role GitHub Actions assumes with OIDC to push images; null outside the registry environment."
  value       = module.service.ci_role_arn
}

output "repository_url" {
  description = "ECR repository of the service's images; null outside the registry environment."
  value       = module.service.repository_url
}
{% if values.database %}

output "database_endpoint" {
  description = "host:port of the service's PostgreSQL."
  value       = module.database.endpoint
}

output "database_secret_arn" {
  description = "Secrets Manager secret of the master credentials (for migrations; the service uses IAM authentication)."
  value       = module.database.master_user_secret_arn
}
{% endif %}
{% if values.bucket %}

output "bucket" {
  description = "Name of the service's bucket."
  value       = module.bucket.bucket
}
{% endif %}
