variable "organization" {
  type        = string
  description = "Short name of the organisation, the prefix of globally unique names, e.g. acme."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.organization))
    error_message = "organization must be 2-21 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name as declared in groundwork.environments."
}

variable "production" {
  type        = bool
  description = "Production keeps superseded state versions longer and protects the bucket from deletion."
  default     = false
}

variable "project_id" {
  type        = string
  description = "GCP project of the environment (groundwork.environments[].cloud.account)."
}

variable "region" {
  type        = string
  description = "Region of the state bucket and the key ring, e.g. europe-west1."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource; must carry owner, environment and cost-center (GCP label keys are lower-case)."

  validation {
    condition     = alltrue([for k in ["owner", "environment", "cost-center"] : contains(keys(var.labels), k)])
    error_message = "labels must carry owner, environment and cost-center."
  }
}

variable "github_organization" {
  type        = string
  description = "GitHub organisation (or user) whose repositories' workflows may federate into the project: creates the Workload Identity pool github and its provider github-actions. null: no federation."
  default     = null

  validation {
    condition     = var.github_organization == null ? true : can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$", var.github_organization))
    error_message = "github_organization must be a GitHub organisation or user name (letters, digits and '-', at most 39)."
  }
}
