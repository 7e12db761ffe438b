variable "name" {
  type        = string
  description = "Cluster name, e.g. platform-prod."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments; names the discovery parameters (/groundwork/<environment>/cluster/...)."
}

variable "production" {
  type        = bool
  description = "Production clusters get larger on-demand nodes spread over every zone and longer log retention."
  default     = false
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the control plane, e.g. 1.33."
  default     = "1.33"
}

variable "vpc_id" {
  type        = string
  description = "VPC of the cluster (aws-network's vpc_id)."
}

variable "vpc_cidr_block" {
  type        = string
  description = "IPv4 range of the VPC: the only source allowed to reach the private API endpoint."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets, one per zone, for the control plane's interfaces and the nodes (aws-network's private_subnet_ids)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two subnets in different zones (EKS requires it)."
  }
}

variable "endpoint_public_access" {
  type        = bool
  description = "Expose the Kubernetes API on the internet as well; off by default: the API is reached from the VPC (VPN, bastion or CI runners inside it)."
  default     = false
}

variable "public_access_cidrs" {
  type        = list(string)
  description = "Ranges allowed to the public endpoint when endpoint_public_access is true; never 0.0.0.0/0."
  default     = []

  validation {
    condition     = !contains(var.public_access_cidrs, "0.0.0.0/0")
    error_message = "public_access_cidrs must not contain 0.0.0.0/0: list the office or VPN ranges instead."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for envelope encryption of Kubernetes secrets, node volumes and the control-plane log group (aws-baseline's key)."
}

variable "node_instance_types" {
  type        = list(string)
  description = "Instance types of the default node group; null picks m6i.large in production and t3.large elsewhere."
  default     = null
}

variable "node_min_size" {
  type        = number
  description = "Minimum nodes; null picks 3 in production (one per zone) and 1 elsewhere."
  default     = null
}

variable "node_desired_size" {
  type        = number
  description = "Initial nodes; null picks 3 in production and 2 elsewhere."
  default     = null
}

variable "node_max_size" {
  type        = number
  description = "Maximum nodes; null picks 9 in production and 3 elsewhere."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Retention of control-plane logs; null picks 365 in production and 30 elsewhere."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource: pass aws-baseline's tags output."
}
