variable "name" {
  type        = string
  description = "Service name, e.g. payments-api; the server is psql-<name>-<environment> and the database <name> with '-' as '_'."

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
  description = "Production gets zone-redundant high availability, geo-redundant backups kept 30 days (7 elsewhere) and a General Purpose SKU."
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

variable "delegated_subnet_id" {
  type        = string
  description = "Subnet delegated to PostgreSQL flexible servers (azure-network's database_subnet_id); the server has no public endpoint."
}

variable "private_dns_zone_id" {
  type        = string
  description = "Private DNS zone linked to the environment's network (azure-network's postgres_private_dns_zone_id); the server's name resolves there."
}

variable "cmk_key_id" {
  type        = string
  description = "Versionless id of the customer-managed key (azure-baseline's cmk_key_id)."
}

variable "cmk_identity_id" {
  type        = string
  description = "User-assigned identity allowed to use that key (azure-baseline's cmk_identity_id)."
}

variable "geo_backup_key_id" {
  type        = string
  description = "Key in the paired region for geo-redundant backups (azure-baseline's geo_backup_key_id); required in production."
  default     = null
}

variable "geo_backup_identity_id" {
  type        = string
  description = "Identity in the paired region allowed to use that key (azure-baseline's geo_backup_identity_id); required in production."
  default     = null
}

variable "workload_principal_id" {
  type        = string
  description = "Object id of the service's workload identity (azure-service's workload_principal_id); it becomes the server's Entra administrator."
}

variable "workload_principal_name" {
  type        = string
  description = "Name of that identity (azure-service's workload_principal_name): the role name PostgreSQL gives it and the user name the service connects as."
}

variable "sku_name" {
  type        = string
  description = "Compute SKU; null picks GP_Standard_D2ds_v5 in production (high availability needs General Purpose or Memory Optimized) and B_Standard_B1ms elsewhere."
  default     = null
}

variable "storage_mb" {
  type        = number
  description = "Storage in MiB (32768, 65536, 131072, ...); grows automatically beyond it."
  default     = 32768
}

variable "server_name" {
  type        = string
  description = "Name of the server, which Azure makes a global DNS name (<name>.postgres.database.azure.com): 3-63 lower-case letters, digits and '-'. Default psql-<name>-<environment>; the new-service template passes a name with a hash of subscription, environment and service, unique across tenants."
  default     = null

  validation {
    condition     = var.server_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.server_name))
    error_message = "server_name must be 3-63 lower-case letters, digits or '-', not starting or ending with '-'."
  }
}
