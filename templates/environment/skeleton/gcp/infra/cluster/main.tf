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
{% if 'secret-store' in values.addonNames %}

# The External Secrets Operator reads the platform's secrets (Secret Manager
# ids starting "<environment>-platform-") and nothing else, as its own Google
# service account through Workload Identity; the secret-store
# ClusterSecretStore uses these credentials. A service's secrets get an
# account of their own.
resource "google_service_account" "external_secrets" {
  project      = ${{ values.environment.cloud.account | hcl }}
  account_id   = ${{ ('eso-' ~ values.environment.name) | hcl }}
  display_name = ${{ ('External Secrets Operator of ' ~ values.environment.name) | hcl }}
}

data "google_project" "this" {
  project_id = ${{ values.environment.cloud.account | hcl }}
}

resource "google_project_iam_member" "external_secrets" {
  project = ${{ values.environment.cloud.account | hcl }}
  role    = "roles/secretmanager.secretAccessor"
  # The account's email, written out: the policy pack judges the member at
  # plan time, when the resource's own email is not known yet.
  member     = ${{ ('serviceAccount:eso-' ~ values.environment.name ~ '@' ~ values.environment.cloud.account ~ '.iam.gserviceaccount.com') | hcl }}
  depends_on = [google_service_account.external_secrets]

  # Secret Manager names secrets by project number in IAM conditions.
  condition {
    title      = "platform-secrets-only"
    expression = format(
      "resource.name.startsWith(\"projects/%s/secrets/%s\")",
      data.google_project.this.number,
      ${{ (values.environment.name ~ '-platform-') | hcl }},
    )
  }
}

resource "google_service_account_iam_member" "external_secrets_workload_identity" {
  service_account_id = google_service_account.external_secrets.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${module.cluster.workload_pool}[external-secrets/external-secrets]"
}
{% endif %}
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
