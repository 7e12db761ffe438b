output "labels" {
  description = "Labels of every resource of the service: owner, environment, cost-center, data-classification (the required tags as GCP labels), service and managed-by, merged with extra_labels; pass them to every other module of the service."
  value       = local.labels
}

output "kms_key_id" {
  description = "Id of the service's customer-managed Cloud KMS key (projects/<p>/locations/<r>/keyRings/<ring>/cryptoKeys/<name>), rotated every 90 days."
  value       = google_kms_crypto_key.this.id
}

output "project_id" {
  description = "GCP project of the service in this environment."
  value       = var.project_id
}

output "region" {
  description = "Region of the service's resources (the key ring's location)."
  value       = var.region
}

output "budget_name" {
  description = "Resource name of the service's monthly budget (billingAccounts/<id>/budgets/<id>)."
  value       = google_billing_budget.this.name
}
