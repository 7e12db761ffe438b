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
