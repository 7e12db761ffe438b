# GKE cluster of ${{ values.environment.name }}: private, KMS-encrypted secrets, Workload Identity.

provider "google" {
  project = "${{ values.environment.cloud.account }}"
  region  = "${{ values.environment.cloud.region }}"

  default_labels = {
    owner       = "platform"
    environment = "${{ values.environment.name }}"
    cost-center = "platform"
    managed-by  = "terraform"
  }
}

module "cluster" {
  source = "${{ values.moduleSources['gcp-gke'] }}"

  name                   = "platform-${{ values.environment.name }}"
  environment            = "${{ values.environment.name }}"
  production             = ${{ values.environment.production }}
  project_id             = "${{ values.environment.cloud.account }}"
  region                 = "${{ values.environment.cloud.region }}"
  network                = var.network_name
  subnetwork             = var.subnetwork_name
  authorized_cidr_blocks = ["${{ values.cidrBlock | replace('.0.0/16', '.0.0/20') }}"]
  labels = {
    owner       = "platform"
    environment = "${{ values.environment.name }}"
    cost-center = "platform"
  }
}
