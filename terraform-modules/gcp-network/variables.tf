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
  description = "Production reserves more NAT ports per VM and logs every NAT translation, not only errors."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment."
}

variable "region" {
  type        = string
  description = "Region of the subnet and the Cloud NAT."
}

variable "cidr_block" {
  type        = string
  description = "Primary range of the node subnet."
  default     = "10.30.0.0/20"
}

variable "pods_cidr_block" {
  type        = string
  description = "Secondary range for GKE pods."
  default     = "10.32.0.0/14"
}

variable "services_cidr_block" {
  type        = string
  description = "Secondary range for GKE services."
  default     = "10.36.0.0/20"
}

variable "private_services_cidr_block" {
  type        = string
  description = "Range reserved for private services access (Cloud SQL private IPs); Google recommends a /16, at most /24. It must not overlap the node, pod and service ranges."
  default     = "10.40.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$", var.private_services_cidr_block)) ? tonumber(split("/", var.private_services_cidr_block)[1]) <= 24 : false
    error_message = "private_services_cidr_block must be an IPv4 CIDR block of /24 or larger."
  }
}
