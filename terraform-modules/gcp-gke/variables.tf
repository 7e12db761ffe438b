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
  description = "Production clusters are regional (control plane and nodes in three zones) on the STABLE channel with deletion protection; others are zonal on REGULAR."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment."
}

variable "region" {
  type        = string
  description = "Region of the cluster, e.g. europe-west1."
}

variable "network" {
  type        = string
  description = "VPC network name (gcp-network's network_name)."
}

variable "subnetwork" {
  type        = string
  description = "Node subnet name (gcp-network's subnetwork_name)."
}

variable "pods_range_name" {
  type        = string
  description = "Secondary range for pods."
  default     = "pods"
}

variable "services_range_name" {
  type        = string
  description = "Secondary range for services."
  default     = "services"
}

variable "master_ipv4_cidr_block" {
  type        = string
  description = "/28 range of the private control plane."
  default     = "172.16.0.0/28"
}

variable "authorized_cidr_blocks" {
  type        = list(string)
  description = "Private ranges allowed to the control plane (the node subnet, the VPN)."
}

variable "machine_type" {
  type        = string
  description = "Node machine type; null picks e2-standard-4 in production and e2-standard-2 elsewhere."
  default     = null
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource (owner, environment, cost-center)."
}
