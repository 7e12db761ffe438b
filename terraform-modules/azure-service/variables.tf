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

variable "resource_group_name" {
  type        = string
  description = "The service's resource group (azure-baseline's resource_group_name)."
}

variable "location" {
  type        = string
  description = "Azure region (azure-baseline's location)."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass azure-baseline's tags output."
}

variable "key_vault_id" {
  type        = string
  description = "The service's key vault (azure-baseline's key_vault_id); the workload identity may read its secrets."
}

variable "create_registry" {
  type        = bool
  description = "Create the service's container registry and the GitHub Actions identity that pushes to it. True in the one environment that hosts the images (the first); the others pull from it."
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
  description = "GitHub deployment environment whose workflow runs may use the push identity (the subject claim is repo:<owner/name>:environment:<this>)."
  default     = "dev"
}

variable "pull_principal_ids" {
  type        = list(string)
  description = "Object ids of principals allowed to pull the service's images (AcrPull), e.g. the kubelet identities of the environments' clusters. Used when create_registry is true."
  default     = []
}

variable "cluster_oidc_issuer_url" {
  type        = string
  description = "Issuer of the cluster's service account tokens (azure-aks's oidc_issuer_url); the workload identity trusts it."
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace of the service."
}

variable "service_account" {
  type        = string
  description = "Kubernetes service account of the service's pods; annotate it with azure.workload.identity/client-id = workload_client_id."
}

variable "registry_name" {
  type        = string
  description = "Name of the registry, which Azure makes a global DNS name (<name>.azurecr.io): 5-50 letters and digits. Default cr<name><environment> without '-'; the new-service template passes a name with a hash of subscription, environment and service, unique across tenants."
  default     = null

  validation {
    condition     = var.registry_name == null || can(regex("^[a-zA-Z0-9]{5,50}$", var.registry_name))
    error_message = "registry_name must be 5-50 letters and digits."
  }
}
