data "google_project" "this" {
  project_id = var.project_id
}

locals {
  topic        = "${var.name}-${var.environment}"
  dead_letters = "${local.topic}-dlq"
  # Built from the names, as Pub/Sub names them (projects/<p>/topics/<t>),
  # so that the dead-letter policy and the outputs are known at plan time.
  topic_id                    = "projects/${var.project_id}/topics/${local.topic}"
  dead_letter_topic_id        = "projects/${var.project_id}/topics/${local.dead_letters}"
  subscription_id             = "projects/${var.project_id}/subscriptions/${local.topic}"
  dead_letter_subscription_id = "projects/${var.project_id}/subscriptions/${local.dead_letters}"
  # The project's Pub/Sub service agent: it encrypts with the key, forwards
  # undeliverable messages to the dead-letter topic and acknowledges them on
  # the subscription.
  service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  message_retention_duration = coalesce(var.message_retention_duration, var.production ? "604800s" : "345600s")
}

resource "google_project_service" "pubsub" {
  project            = var.project_id
  service            = "pubsub.googleapis.com"
  disable_on_destroy = false
}

# Pub/Sub's service agent exists only once asked for; it must before it can
# be granted the key and the dead-letter rights.
# https://cloud.google.com/pubsub/docs/encryption#using-cmek
resource "google_project_service_identity" "pubsub" {
  provider = google-beta

  project = var.project_id
  service = "pubsub.googleapis.com"

  depends_on = [google_project_service.pubsub]
}

resource "google_kms_crypto_key_iam_member" "pubsub" {
  crypto_key_id = var.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.service_agent

  depends_on = [google_project_service_identity.pubsub]
}

# Messages stay in the environment's region: Pub/Sub stores them where they
# are published unless told otherwise.
resource "google_pubsub_topic" "this" {
  name         = local.topic
  project      = var.project_id
  kms_key_name = var.kms_key_id
  labels       = var.labels

  message_storage_policy {
    allowed_persistence_regions = [var.region]
  }

  depends_on = [google_kms_crypto_key_iam_member.pubsub]
}

# Messages the service fails to acknowledge max_delivery_attempts times land
# here. A topic keeps nothing by itself (a message published to a topic
# without subscription is lost), so its subscription holds them 7 days, the
# most Pub/Sub allows, for inspection and replay.
resource "google_pubsub_topic" "dead_letter" {
  name         = local.dead_letters
  project      = var.project_id
  kms_key_name = var.kms_key_id
  labels       = var.labels

  message_storage_policy {
    allowed_persistence_regions = [var.region]
  }

  depends_on = [google_kms_crypto_key_iam_member.pubsub]
}

resource "google_pubsub_subscription" "dead_letter" {
  name                       = local.dead_letters
  project                    = var.project_id
  topic                      = google_pubsub_topic.dead_letter.id
  labels                     = var.labels
  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60

  # Never deleted for inactivity (the default is after 31 days).
  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "this" {
  name                       = local.topic
  project                    = var.project_id
  topic                      = google_pubsub_topic.this.id
  labels                     = var.labels
  message_retention_duration = local.message_retention_duration
  ack_deadline_seconds       = var.ack_deadline_seconds

  expiration_policy {
    ttl = ""
  }

  dead_letter_policy {
    dead_letter_topic     = local.dead_letter_topic_id
    max_delivery_attempts = var.max_delivery_attempts
  }

  # Back off between redeliveries instead of redelivering at once.
  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  depends_on = [google_pubsub_topic.dead_letter]
}

# Dead-lettering needs the service agent to publish to the dead-letter topic
# and to acknowledge the forwarded message on the subscription
# (https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions).
resource "google_pubsub_topic_iam_member" "dead_letter_forwarding" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_pubsub_subscription_iam_member" "dead_letter_forwarding" {
  project      = var.project_id
  subscription = google_pubsub_subscription.this.name
  role         = "roles/pubsub.subscriber"
  member       = local.service_agent

  depends_on = [google_project_service_identity.pubsub]
}

# The service publishes to its topic and consumes its subscription, nothing
# else: not the dead-letter topic, not the IAM policies, not another topic.
resource "google_pubsub_topic_iam_member" "workload" {
  project = var.project_id
  topic   = google_pubsub_topic.this.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${var.workload_service_account}"
}

resource "google_pubsub_subscription_iam_member" "workload" {
  project      = var.project_id
  subscription = google_pubsub_subscription.this.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${var.workload_service_account}"
}
