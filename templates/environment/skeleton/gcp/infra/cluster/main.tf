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

# The cluster as GKE reports it, for its CA (read once it exists).
data "google_container_cluster" "this" {
  project  = ${{ values.environment.cloud.account | hcl }}
  name     = module.cluster.cluster_name
  location = module.cluster.location
}
{% if values.environment.delivery.mode == 'central' and values.environment.delivery.gcpServiceAccount %}

# The central Argo CD reaches this cluster as its own Google service account
# (argocd-k8s-auth gcp, Workload Identity; no token). Kubernetes Engine Admin,
# as it installs the add-ons' cluster-scoped objects (CRDs, cluster roles).
resource "google_project_iam_member" "argocd" {
  project = ${{ values.environment.cloud.account | hcl }}
  role    = "roles/container.admin"
  member  = ${{ ('serviceAccount:' ~ values.environment.delivery.gcpServiceAccount) | hcl }}
}
{% endif %}
