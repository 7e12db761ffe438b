variable "external_secrets_client_id" {
  type        = string
  description = "Client id of the External Secrets Operator's managed identity (the cluster layer's output, when the platform's secrets come from Key Vault); patched into its Application (argocd.tf)."
  default     = null
}

variable "velero_client_id" {
  type        = string
  description = "Client id of Velero's managed identity (the cluster layer's output, when velero runs); patched into its Application (argocd.tf)."
  default     = null
}
