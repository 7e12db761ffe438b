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
{% if 'velero' in values.addonNames %}
{% set backupDays = 30 if values.environment.production else 7 %}
{% set veleroEmail = 'velero-' ~ values.environment.name ~ '@' ~ values.environment.cloud.account ~ '.iam.gserviceaccount.com' %}

# Velero's backups: a private, versioned bucket encrypted with a key of its
# own (the cluster module keeps its key to itself), and a Google service
# account for Velero's Kubernetes service account (Workload Identity) that may
# use that bucket and the project's disk snapshots, nothing else. See
# ../../DECISIONS.md ("Backups").
resource "google_kms_key_ring" "backups" {
  project  = ${{ values.environment.cloud.account | hcl }}
  name     = ${{ ('platform-' ~ values.environment.name ~ '-backups') | hcl }}
  location = ${{ values.environment.cloud.region | hcl }}
}

# Rotated every 90 days (CIS GCP Foundations 1.10), like the audit key.
resource "google_kms_crypto_key" "backups" {
  name            = "velero-backups"
  key_ring        = google_kms_key_ring.backups.id
  rotation_period = "7776000s"

  lifecycle {
    prevent_destroy = true
  }
}

# Cloud Storage encrypts and decrypts with the key as the project's service
# agent; Velero itself is granted nothing on the key.
data "google_storage_project_service_account" "this" {
  project = ${{ values.environment.cloud.account | hcl }}
}

resource "google_kms_crypto_key_iam_member" "backups_gcs" {
  crypto_key_id = google_kms_crypto_key.backups.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.this.email_address}"
}

# Velero deletes a backup (and its snapshots) when its TTL passes: ${{ backupDays }} days,
# the Schedule's ttl in platform/backups. The lifecycle rules are the net under
# it: what Velero left behind a day later goes, and an object Velero replaced
# or deleted stays recoverable (a noncurrent version) for one more retention
# period.
resource "google_storage_bucket" "backups" {
  project                     = ${{ values.environment.cloud.account | hcl }}
  name                        = ${{ ('platform-backups-' ~ values.environment.name ~ '-' ~ values.environment.cloud.account) | hcl }}
  location                    = ${{ values.environment.cloud.region | hcl }}
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.backups.id
  }

  lifecycle_rule {
    condition {
      age = ${{ (backupDays + 1) | hcl }}
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = ${{ backupDays | hcl }}
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.backups_gcs]
}

resource "google_service_account" "velero" {
  project      = ${{ values.environment.cloud.account | hcl }}
  account_id   = ${{ ('velero-' ~ values.environment.name) | hcl }}
  display_name = ${{ ('Velero of ' ~ values.environment.name) | hcl }}
}

# The objects of the backup bucket (read, write, list, delete), on that bucket
# only. The account's email is written out: the policy pack judges the member
# at plan time, when the resource's own email is not known yet.
resource "google_storage_bucket_iam_member" "velero" {
  bucket     = google_storage_bucket.backups.name
  role       = "roles/storage.objectAdmin"
  member     = ${{ ('serviceAccount:' ~ veleroEmail) | hcl }}
  depends_on = [google_service_account.velero]
}

# Disk snapshots of persistent volumes (platform/backups' VolumeSnapshotLocation):
# the compute permissions of velero-plugin-for-gcp's README ("Create Custom
# Role with Permissions for the Velero GSA", tag v1.14.2), without its
# storage.* ones (granted on the bucket above) and iam.serviceAccounts.signBlob
# (granted on this account only, below). Compute Engine has no IAM condition
# that names Velero's snapshots, so the role is the project's.
resource "google_project_iam_custom_role" "velero" {
  project     = ${{ values.environment.cloud.account | hcl }}
  role_id     = ${{ ('platform_' ~ (values.environment.name | replace('-', '_')) ~ '_velero') | hcl }}
  title       = ${{ ('Velero of ' ~ values.environment.name) | hcl }}
  description = "Disk snapshots of Velero's backups (velero-plugin-for-gcp)."
  permissions = [
    "compute.disks.create",
    "compute.disks.createSnapshot",
    "compute.disks.get",
    "compute.projects.get",
    "compute.snapshots.create",
    "compute.snapshots.delete",
    "compute.snapshots.get",
    "compute.snapshots.setLabels",
    "compute.snapshots.useReadOnly",
    "compute.zones.get",
  ]
}

resource "google_project_iam_member" "velero" {
  project    = ${{ values.environment.cloud.account | hcl }}
  role       = google_project_iam_custom_role.velero.name
  member     = ${{ ('serviceAccount:' ~ veleroEmail) | hcl }}
  depends_on = [google_service_account.velero]
}

# Velero signs the download URLs that `velero backup logs` and `describe`
# read (iam.serviceAccounts.signBlob, the plugin's README): as itself only.
resource "google_service_account_iam_member" "velero_sign_blob" {
  service_account_id = google_service_account.velero.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = ${{ ('serviceAccount:' ~ veleroEmail) | hcl }}
}

resource "google_service_account_iam_member" "velero_workload_identity" {
  service_account_id = google_service_account.velero.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${module.cluster.workload_pool}[velero/velero]"
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
