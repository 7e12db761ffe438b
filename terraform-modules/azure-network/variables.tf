variable "name" {
  type        = string
  description = "Name of the network, e.g. platform-prod."
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production gets two NAT public IPs (twice the outbound ports) and longer flow log retention."
  default     = false
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "resource_group_name" {
  type        = string
  description = "Resource group of the network (azure-bootstrap's resource_group_name)."
}

variable "address_space" {
  type        = string
  description = "Address space of the virtual network."
  default     = "10.40.0.0/16"
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource (Owner, Environment, CostCenter)."
}
