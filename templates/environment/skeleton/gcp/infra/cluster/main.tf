# GKE cluster of ${{ values.environment.name | hcl }}: private, KMS-encrypted secrets, Workload Identity.

provider "google" {
  project = ${{ values.environment.cloud.account | hcl }}
  region  = ${{ values.environment.cloud.region | hcl }}

  default_labels = {
    owner       = "platform"
    environment = ${{ values.environment.name | hcl }}
    cost-center = "platform"
    managed-by  = "terraform"
  }
}

module "cluster" {
  source = ${{ values.moduleSources['gcp-gke'] | hcl }}

  name                   = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment            = ${{ values.environment.name | hcl }}
  production             = ${{ values.environment.production | hcl }}
  project_id             = ${{ values.environment.cloud.account | hcl }}
  region                 = ${{ values.environment.cloud.region | hcl }}
  network                = var.network_name
  subnetwork             = var.subnetwork_name
  authorized_cidr_blocks = [${{ values.cidrBlock | replace('.0.0/16', '.0.0/20') | hcl }}]
  labels = {
    owner       = "platform"
    environment = ${{ values.environment.name | hcl }}
    cost-center = "platform"
  }
}
