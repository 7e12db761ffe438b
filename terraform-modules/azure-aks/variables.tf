variable "name" {
  type        = string
  description = "Cluster name, e.g. platform-prod."
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production clusters use the Standard (SLA) tier and spread nodes over three zones; others the Free tier in one zone."
  default     = false
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "resource_group_name" {
  type        = string
  description = "Resource group of the cluster."
}

variable "node_subnet_id" {
  type        = string
  description = "Subnet of the nodes (azure-network's node_subnet_id)."
}

variable "key_vault_id" {
  type        = string
  description = "Key vault that holds the etcd encryption key (azure-bootstrap's key_vault_id)."
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version."
  default     = "1.31"
}

variable "vm_size" {
  type        = string
  description = "Node size; null picks Standard_D4s_v5 in production and Standard_B2ms elsewhere."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the Log Analytics workspace; null picks 365 in production and 30 elsewhere."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource (Owner, Environment, CostCenter)."
}
