output "repository_url" {
  description = "URL of the ECR repository, or null outside the registry environment."
  value       = var.create_registry ? aws_ecr_repository.this[0].repository_url : null
}

output "repository_name" {
  description = "Name of the image repository."
  value       = var.name
}

output "ci_role_arn" {
  description = "Role the GitHub workflow assumes with OIDC to push images (role-to-assume), or null outside the registry environment."
  value       = var.create_registry ? aws_iam_role.ci[0].arn : null
}

output "workload_role_arn" {
  description = "Role the service's pods assume through their service account (eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.workload.arn
}

output "workload_role_name" {
  description = "Name of the workload role, to attach the policies of the service's database and bucket."
  value       = aws_iam_role.workload.name
}

output "aws_region" {
  description = "Region of the registry."
  value       = local.region
}
