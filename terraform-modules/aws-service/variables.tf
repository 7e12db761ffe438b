variable "name" {
  type        = string
  description = "Service name (the catalog Component's name), e.g. payments-api."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the image repository (aws-baseline's key)."
}

variable "create_registry" {
  type        = bool
  description = "Create the service's ECR repository and the GitHub Actions role that pushes to it. True in the one environment that hosts the images (the first); the others pull from it."
  default     = false
}

variable "github_repository" {
  type        = string
  description = "GitHub repository of the service as owner/name; only its workflows, in the GitHub environment github_environment, may push images."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_environment" {
  type        = string
  description = "GitHub deployment environment whose workflow runs may assume the push role (the subject claim is repo:<owner/name>:environment:<this>)."
  default     = "dev"
}

variable "github_oidc_provider_arn" {
  type        = string
  description = "ARN of the account's GitHub Actions OIDC provider (aws-bootstrap's github_oidc_provider_arn). Required when create_registry is true."
  default     = null
}

variable "pull_account_ids" {
  type        = list(string)
  description = "Other environments' AWS accounts allowed to pull the service's images."
  default     = []
}

variable "image_retention_count" {
  type        = number
  description = "Number of tagged images kept in the repository; older ones expire."
  default     = 50
}

variable "cluster_oidc_provider_arn" {
  type        = string
  description = "ARN of the cluster's OIDC provider (aws-eks's oidc_provider_arn), for the workload's IAM role."
}

variable "cluster_oidc_issuer" {
  type        = string
  description = "Issuer URL of the cluster's service account tokens (aws-eks's oidc_issuer_url)."
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace the service runs in."
}

variable "service_account" {
  type        = string
  description = "Kubernetes service account of the service's pods; the only identity that may assume the workload role."
}
