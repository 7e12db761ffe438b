data "google_project" "this" {
  project_id = var.project_id
}

locals {
  instance_name  = "${var.name}-${var.environment}"
  tier           = coalesce(var.tier, var.production ? "db-custom-2-7680" : "db-custom-1-3840")
  disk_size_gb   = coalesce(var.disk_size_gb, var.production ? 50 : 10)
  backups_kept   = var.production ? 30 : 7
  project_number = data.google_project.this.number
  instance_path  = "projects/${var.project_id}/instances/${local.instance_name}"

  # Cloud SQL names a service account's IAM database user by its e-mail
  # without ".gserviceaccount.com".
  # https://cloud.google.com/sql/docs/postgres/add-manage-iam-users
  username = trimsuffix(var.workload_service_account, ".gserviceaccount.com")

  # CIS GCP Foundations 6.2 and Checkov's PostgreSQL checks, and IAM
  # database authentication.
  database_flags = {
    "cloudsql.iam_authentication" = "on"      # IAM users, no passwords
    "cloudsql.enable_pgaudit"     = "on"      # CIS 6.2.8, CKV_GCP_110
    "log_checkpoints"             = "on"      # CKV_GCP_51
    "log_connections"             = "on"      # CIS 6.2.2, CKV_GCP_52
    "log_disconnections"          = "on"      # CIS 6.2.3, CKV_GCP_53
    "log_lock_waits"              = "on"      # CKV_GCP_54
    "log_min_messages"            = "warning" # CIS 6.2.5, CKV_GCP_55
    "log_temp_files"              = "0"       # CKV_GCP_56
    "log_min_duration_statement"  = "-1"      # CIS 6.2.7, CKV_GCP_57: no statement text with its parameters
    "log_hostname"                = "on"      # CKV_GCP_108
    "log_min_error_statement"     = "error"   # CIS 6.2.6, CKV_GCP_109
    "log_statement"               = "ddl"     # CIS 6.2.4, CKV_GCP_111
    "log_error_verbosity"         = "default" # CIS 6.2.1
  }
}

resource "google_project_service" "sqladmin" {
  project            = var.project_id
  service            = "sqladmin.googleapis.com"
  disable_on_destroy = false
}

# Cloud SQL's service agent exists only once asked for; it must before it
# can be granted the key.
# https://cloud.google.com/sql/docs/postgres/configure-cmek#create-service-account
resource "google_project_service_identity" "sqladmin" {
  provider = google-beta

  project = var.project_id
  service = "sqladmin.googleapis.com"

  depends_on = [google_project_service.sqladmin]
}

resource "google_kms_crypto_key_iam_member" "sql" {
  crypto_key_id = var.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-${local.project_number}@gcp-sa-cloud-sql.iam.gserviceaccount.com"

  depends_on = [google_project_service_identity.sqladmin]
}

resource "google_sql_database_instance" "this" {
  name                = local.instance_name
  project             = var.project_id
  region              = var.region
  database_version    = "POSTGRES_16"
  encryption_key_name = var.kms_key_id
  deletion_protection = var.production

  settings {
    tier                        = local.tier
    edition                     = "ENTERPRISE"
    availability_type           = var.production ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = local.disk_size_gb
    disk_autoresize             = true
    disk_autoresize_limit       = local.disk_size_gb * 5
    deletion_protection_enabled = var.production
    user_labels                 = var.labels

    # Private IP on the environment's network only (private services access,
    # gcp-network 1.1.0), and only TLS connections.
    ip_configuration {
      ipv4_enabled    = false
      private_network = var.network_id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "03:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7

      backup_retention_settings {
        retained_backups = local.backups_kept
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 4
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled  = true
      record_application_tags = false
      record_client_address   = false
    }

    dynamic "database_flags" {
      for_each = local.database_flags
      content {
        name  = database_flags.key
        value = database_flags.value
      }
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.sql]
}

resource "google_sql_database" "this" {
  name     = replace(var.name, "-", "_")
  project  = var.project_id
  instance = google_sql_database_instance.this.name
}

# The service logs in as its own Google service account: no password exists.
resource "google_sql_user" "workload" {
  name     = local.username
  project  = var.project_id
  instance = google_sql_database_instance.this.name
  type     = "CLOUD_IAM_SERVICE_ACCOUNT"
}

# Connecting (Cloud SQL connectors, Auth Proxy) and logging in with IAM, on
# this instance only (IAM Conditions on the instance's resource name).
resource "google_project_iam_member" "workload" {
  for_each = toset(["roles/cloudsql.client", "roles/cloudsql.instanceUser"])

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${var.workload_service_account}"

  condition {
    title       = "${local.instance_name}-only"
    description = "Cloud SQL instance ${local.instance_name} only"
    expression  = "resource.name == \"${local.instance_path}\" && resource.type == \"sqladmin.googleapis.com/Instance\""
  }
}
