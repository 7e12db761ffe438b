resource "google_compute_network" "this" {
  name                            = var.name
  project                         = var.project_id
  auto_create_subnetworks         = false
  routing_mode                    = "REGIONAL"
  delete_default_routes_on_create = false
}

# Subnets in GCP are regional: one subnet serves every zone of the region.
resource "google_compute_subnetwork" "nodes" {
  name                     = "${var.name}-nodes"
  project                  = var.project_id
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.cidr_block
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.pods_cidr_block
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.services_cidr_block
  }

  log_config {
    aggregation_interval = "INTERVAL_30_SEC"
    flow_sampling        = var.production ? 1 : 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

# Traffic inside the VPC's own ranges only; nothing from the internet.
resource "google_compute_firewall" "internal" {
  name      = "${var.name}-allow-internal"
  project   = var.project_id
  network   = google_compute_network.this.id
  direction = "INGRESS"
  priority  = 1000

  source_ranges = [var.cidr_block, var.pods_cidr_block, var.services_cidr_block]

  allow {
    protocol = "tcp"
  }

  allow {
    protocol = "udp"
  }

  allow {
    protocol = "icmp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "this" {
  name    = "${var.name}-router"
  project = var.project_id
  region  = var.region
  network = google_compute_network.this.id
}

# Cloud NAT is a regional, software-defined service that already spans the
# zones of the region: there is no per-zone gateway to lose, unlike AWS.
resource "google_compute_router_nat" "this" {
  name                               = "${var.name}-nat"
  project                            = var.project_id
  region                             = var.region
  router                             = google_compute_router.this.name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
  min_ports_per_vm                   = var.production ? 256 : 64

  log_config {
    enable = true
    filter = var.production ? "ALL" : "ERRORS_ONLY"
  }
}

# --- Private services access ----------------------------------------------------
# Cloud SQL (gcp-database) and other Google-managed services take private
# addresses from this reserved range, reached over a peering with Google's
# service producer network: no public IP is needed to reach them.
# https://cloud.google.com/vpc/docs/configure-private-services-access

resource "google_project_service" "servicenetworking" {
  project = var.project_id
  service = "servicenetworking.googleapis.com"
  # Turning the API off on destroy would break whatever else uses it.
  disable_on_destroy = false
}

resource "google_compute_global_address" "private_services" {
  name          = "${var.name}-private-services"
  project       = var.project_id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  address       = split("/", var.private_services_cidr_block)[0]
  prefix_length = tonumber(split("/", var.private_services_cidr_block)[1])
  network       = google_compute_network.this.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.this.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
  # The peering cannot be deleted while a Cloud SQL instance uses it; abandon
  # it on destroy instead of failing (the instances go first anyway).
  deletion_policy = "ABANDON"

  depends_on = [google_project_service.servicenetworking]
}
