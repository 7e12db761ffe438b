variable "oidc_provider_arn" {
  type        = string
  description = "The cluster layer's output; given with the others, not used here."
  default     = null
}
