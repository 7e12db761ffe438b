data "google_project" "this" {
  project_id = var.project_id
}

locals {
  location     = var.production ? var.region : "${var.region}-b"
  machine_type = coalesce(var.machine_type, var.production ? "e2-standard-4" : "e2-standard-2")
  channel      = var.production ? "STABLE" : "REGULAR"
  gke_agent    = "serviceAccount:service-${data.google_project.this.number}@container-engine-robot.iam.gserviceaccount.com"
  # Known before apply, so that the policy gate can read every IAM grant.
  node_sa_email = "${var.name}-nodes@${var.project_id}.iam.gserviceaccount.com"
}

# Application-layer encryption of Kubernetes secrets with our own key.
resource "google_kms_key_ring" "gke" {
  name     = "${var.name}-gke"
  project  = var.project_id
  location = var.region
}

resource "google_kms_crypto_key" "secrets" {
  name            = "kubernetes-secrets"
  key_ring        = google_kms_key_ring.gke.id
  rotation_period = "7776000s"
  labels          = var.labels
}

resource "google_kms_crypto_key_iam_member" "gke" {
  crypto_key_id = google_kms_crypto_key.secrets.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.gke_agent
}

# Nodes run as their own least-privilege account, not the default compute one.
resource "google_service_account" "nodes" {
  account_id   = "${var.name}-nodes"
  project      = var.project_id
  display_name = "GKE nodes of ${var.name}"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/artifactregistry.reader",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${local.node_sa_email}"

  depends_on = [google_service_account.nodes]
}

resource "google_container_cluster" "this" {
  name     = var.name
  project  = var.project_id
  location = local.location

  network         = var.network
  subnetwork      = var.subnetwork
  networking_mode = "VPC_NATIVE"
  # GKE Dataplane V2 enforces Kubernetes NetworkPolicy (a Standard cluster
  # without it, or the older network_policy add-on, ignores every policy).
  datapath_provider = "ADVANCED_DATAPATH"

  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.production
  enable_shielded_nodes    = true
  resource_labels          = var.labels

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = var.master_ipv4_cidr_block
  }

  master_authorized_networks_config {
    dynamic "cidr_blocks" {
      for_each = var.authorized_cidr_blocks
      content {
        cidr_block   = cidr_blocks.value
        display_name = "private-${cidr_blocks.key}"
      }
    }
  }

  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.secrets.id
  }

  release_channel {
    channel = local.channel
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]
  }

  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
  }

  depends_on = [google_kms_crypto_key_iam_member.gke]
}

resource "google_container_node_pool" "default" {
  name     = "default"
  project  = var.project_id
  location = local.location
  cluster  = google_container_cluster.this.name

  initial_node_count = 1

  # Per zone: a regional (production) pool runs at least three nodes, one in
  # each zone; a zonal one at least one.
  autoscaling {
    min_node_count = 1
    max_node_count = 3
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = local.machine_type
    disk_type       = "pd-balanced"
    disk_size_gb    = 50
    service_account = local.node_sa_email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = var.labels

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }

  depends_on = [google_project_iam_member.nodes]
}
