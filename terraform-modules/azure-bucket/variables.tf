variable "name" {
  type        = string
  description = "Service name, e.g. payments-api; the storage account is st<name><environment> without '-' unless storage_account_name is given."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production replicates the account to the paired region (GZRS) and keeps deleted blobs, versions and the change feed 90 days instead of 30."
  default     = false
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

variable "storage_account_name" {
  type        = string
  description = "Globally unique storage account name (3-24 lower-case letters and digits); null derives st<name><environment> without '-', cut to 24 characters."
  default     = null

  validation {
    condition     = var.storage_account_name == null || can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "storage_account_name must be 3-24 lower-case letters or digits."
  }
}

variable "container_name" {
  type        = string
  description = "Name of the private container the service uses."
  default     = "data"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9]|-[a-z0-9]){2,62}$", var.container_name))
    error_message = "container_name must be 3-63 lower-case letters, digits or single '-', starting and ending with a letter or digit."
  }
}

variable "cmk_key_id" {
  type        = string
  description = "Versionless id of the customer-managed key (azure-baseline's cmk_key_id)."
}

variable "cmk_identity_id" {
  type        = string
  description = "User-assigned identity allowed to use that key (azure-baseline's cmk_identity_id)."
}

variable "workload_principal_id" {
  type        = string
  description = "Object id of the service's workload identity (azure-service's workload_principal_id); it gets Storage Blob Data Contributor on the container only."
}

variable "allowed_subnet_ids" {
  type        = list(string)
  description = "Subnets with the Microsoft.Storage service endpoint allowed through the account's deny-by-default firewall, e.g. azure-network's node_subnet_id."
  default     = []
}

variable "allowed_ip_ranges" {
  type        = list(string)
  description = "Public address ranges allowed through the firewall (no private ranges: Azure refuses them)."
  default     = []
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace that receives the blob service's read, write and delete logs (azure-aks's log_analytics_workspace_id); null: no resource logs."
  default     = null
}
