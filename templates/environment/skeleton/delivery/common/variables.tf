variable "cluster_name" {
  type        = string
  description = "Name of the cluster (the cluster layer's output)."
}

variable "cluster_endpoint" {
  type        = string
  description = "Kubernetes API URL (the cluster layer's output)."
}

variable "cluster_certificate_authority" {
  type        = string
  description = "Base64 PEM of the cluster CA (the cluster layer's output)."
}
