data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # GCP label values allow lower-case letters, digits, '_' and '-' only, at
  # most 63 characters: group:default/payments becomes group_default_payments.
  # https://cloud.google.com/resource-manager/docs/labels-overview#requirements
  extra_labels = {
    for k, v in var.extra_labels : k => substr(replace(lower(v), "/[^a-z0-9_-]/", "_"), 0, 63)
  }

  # The required tags Owner, Environment, CostCenter and DataClassification
  # as GCP labels (lower-case keys, '-' for word breaks, as gcp-bootstrap and
  # the environment template's default_labels spell them). They come last so
  # that extra_labels cannot override them.
  labels = merge(local.extra_labels, {
    owner               = substr(replace(lower(var.owner), "/[^a-z0-9_-]/", "_"), 0, 63)
    environment         = var.environment
    cost-center         = substr(replace(lower(var.cost_center), "/[^a-z0-9_-]/", "_"), 0, 63)
    data-classification = var.data_classification
    service             = var.name
    managed-by          = "terraform"
  })
}

# One customer-managed key per service, in the environment's key ring: its
# database, bucket and images are encrypted with a key the owners control
# and can audit. Rotated every 90 days (CIS GCP Foundations 1.10). A
# destroyed key's versions stay recoverable for 30 days in production, 7
# elsewhere (GCP's schedule, like aws-baseline's deletion window).
resource "google_kms_crypto_key" "this" {
  name                       = var.name
  key_ring                   = var.key_ring_id
  purpose                    = "ENCRYPT_DECRYPT"
  rotation_period            = "7776000s"
  destroy_scheduled_duration = var.production ? "2592000s" : "604800s"
  labels                     = local.labels
}

# --- Budget -------------------------------------------------------------------------
# Cloud Billing budgets notify through Cloud Monitoring channels; with
# disable_default_iam_recipients the billing account's administrators are not
# mailed for every service, only the addresses given.
# https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/billing_budget

resource "google_monitoring_notification_channel" "budget" {
  for_each = toset(var.budget_alert_emails)

  project      = var.project_id
  display_name = "Budget of ${var.name} (${var.environment}): ${each.key}"
  type         = "email"
  labels = {
    email_address = each.key
  }
  user_labels = local.labels
}

resource "google_billing_budget" "this" {
  billing_account = var.billing_account
  display_name    = substr("${var.name}-${var.environment}-monthly", 0, 60)

  # Spend of the environment's project on resources labelled service = <name>
  # (every resource of the service carries the labels output). Budget filters
  # take one label pair at most.
  budget_filter {
    projects               = ["projects/${data.google_project.this.number}"]
    labels                 = { service = var.name }
    calendar_period        = "MONTH"
    credit_types_treatment = "INCLUDE_ALL_CREDITS"
  }

  amount {
    specified_amount {
      currency_code = var.currency
      units         = tostring(ceil(var.monthly_budget))
    }
  }

  threshold_rules {
    threshold_percent = 0.8
    spend_basis       = "FORECASTED_SPEND"
  }

  threshold_rules {
    threshold_percent = 1.0
    spend_basis       = "CURRENT_SPEND"
  }

  all_updates_rule {
    monitoring_notification_channels = [for email in sort(var.budget_alert_emails) : google_monitoring_notification_channel.budget[email].id]
    disable_default_iam_recipients   = true
  }
}
