# ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}{% if values.environment.production %} (production){% endif %} on Google Cloud. Rendered by the portal's
# new-service template; every choice is explained in ../../DECISIONS.md.

provider "google" {
  project = ${{ values.environment.cloud.account | hcl }}
  region  = ${{ values.environment.cloud.region | hcl }}

  # GCP labels are lower-case letters, digits, '_' and '-'.
  default_labels = {
    owner               = ${{ values.ownerTeam | hcl }}
    environment         = ${{ values.environment.name | hcl }}
    cost-center         = ${{ values.costCenter | lower | replace(r/[^a-z0-9_-]/g, '_') | hcl }}
    data-classification = ${{ values.dataClassification | hcl }}
    service             = ${{ values.name | hcl }}
    managed-by          = "terraform"
  }
}

# google_project_service_identity (the Cloud SQL service agent, which must
# use the service's key) is in the beta provider only.
provider "google-beta" {
  project = ${{ values.environment.cloud.account | hcl }}
  region  = ${{ values.environment.cloud.region | hcl }}
}

# The project's number names the GitHub Actions identity pool (gcp-bootstrap)
# and the secrets the service may read.
data "google_project" "this" {
  project_id = ${{ values.environment.cloud.account | hcl }}
}

# The service's own key ring, for its key (gcp-baseline). Cloud KMS never
# deletes a key ring or a key's name: re-creating the service imports them.
resource "google_kms_key_ring" "service" {
  project  = ${{ values.environment.cloud.account | hcl }}
  name     = ${{ (values.name ~ '-' ~ values.environment.name) | hcl }}
  location = ${{ values.environment.cloud.region | hcl }}
}

module "baseline" {
  source = ${{ values.moduleSources['gcp-baseline'] | hcl }}

  name                = ${{ values.name | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  project_id          = ${{ values.environment.cloud.account | hcl }}
  region              = ${{ values.environment.cloud.region | hcl }}
  owner               = ${{ values.ownerTeam | hcl }}
  cost_center         = ${{ values.costCenter | lower | replace(r/[^a-z0-9_-]/g, '_') | hcl }}
  data_classification = ${{ values.dataClassification | hcl }}
  monthly_budget      = ${{ values.environment.monthlyBudget | hcl }}
  currency            = ${{ values.currency | hcl }}
  billing_account     = ${{ values.environment.cloud.billingAccount | hcl }}
  budget_alert_emails = [${{ values.alertEmail | hcl }}]
  key_ring_id         = google_kms_key_ring.service.id
}

module "service" {
  source = ${{ values.moduleSources['gcp-service'] | hcl }}

  name        = ${{ values.name | hcl }}
  environment = ${{ values.environment.name | hcl }}
  project_id  = ${{ values.environment.cloud.account | hcl }}
  region      = ${{ values.environment.cloud.region | hcl }}
  labels      = module.baseline.labels
  kms_key_id  = module.baseline.kms_key_id
{% if values.environment.first %}

  # ${{ values.environment.name | hcl }} hosts the image registry and the GitHub push account.
  create_registry                    = true
  github_repository                  = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
  github_environment                 = ${{ values.environment.name | hcl }}
  github_workload_identity_provider  = "projects/${data.google_project.this.number}/locations/global/workloadIdentityPools/github/providers/github-actions"
{% else %}

  # Images come from the registry in ${{ values.environments[0].name | hcl }}.
  create_registry   = false
  github_repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
{% endif %}

  namespace       = ${{ values.name | hcl }}
  service_account = ${{ values.name | hcl }}
}
{% if not values.environment.first %}

# This cluster's nodes (gcp-gke's platform-<environment>-nodes) pull the
# images from the registry in ${{ values.environments[0].name | hcl }} (another project): the runner
# needs to set IAM on that repository.
resource "google_artifact_registry_repository_iam_member" "pull" {
  project    = ${{ values.environments[0].cloud.account | hcl }}
  location   = ${{ values.environments[0].cloud.region | hcl }}
  repository = ${{ values.name | hcl }}
  role       = "roles/artifactregistry.reader"
  member     = ${{ ('serviceAccount:platform-' ~ values.environment.name ~ '-nodes@' ~ values.environment.cloud.account ~ '.iam.gserviceaccount.com') | hcl }}
}
{% endif %}
{% if values.database %}

module "database" {
  source = ${{ values.moduleSources['gcp-database'] | hcl }}

  name                     = ${{ values.name | hcl }}
  environment              = ${{ values.environment.name | hcl }}
  production               = ${{ values.environment.production | hcl }}
  project_id               = ${{ values.environment.cloud.account | hcl }}
  region                   = ${{ values.environment.cloud.region | hcl }}
  network_id               = ${{ ('projects/' ~ values.environment.cloud.account ~ '/global/networks/platform-' ~ values.environment.name) | hcl }}
  kms_key_id               = module.baseline.kms_key_id
  labels                   = module.baseline.labels
  workload_service_account = module.service.workload_service_account
}
{% endif %}
{% if values.bucket %}

module "bucket" {
  source = ${{ values.moduleSources['gcp-bucket'] | hcl }}

  name                     = ${{ values.name | hcl }}
  environment              = ${{ values.environment.name | hcl }}
  project_id               = ${{ values.environment.cloud.account | hcl }}
  region                   = ${{ values.environment.cloud.region | hcl }}
  production               = ${{ values.environment.production | hcl }}
  kms_key_id               = module.baseline.kms_key_id
  labels                   = module.baseline.labels
  workload_service_account = module.service.workload_service_account
}
{% endif %}
{% if values.queue %}

# The service's queue: a topic and subscription encrypted with the service's
# key, dead letters after five deliveries; its Google service account
# publishes to the topic and consumes the subscription, nothing else.
module "queue" {
  source = ${{ values.moduleSources['gcp-queue'] | hcl }}

  name                     = ${{ values.name | hcl }}
  environment              = ${{ values.environment.name | hcl }}
  production               = ${{ values.environment.production | hcl }}
  project_id               = ${{ values.environment.cloud.account | hcl }}
  region                   = ${{ values.environment.cloud.region | hcl }}
  kms_key_id               = module.baseline.kms_key_id
  labels                   = module.baseline.labels
  workload_service_account = module.service.workload_service_account
}
{% endif %}
{% if values.database or values.bucket or values.queue %}

# Where workload.yaml's resources find the database, bucket and queue: Secret
# Manager secrets under the service's prefix <environment>_<service>_, which
# its Google service account may read (gcp-service). Coordinates, not
# credentials: the service authenticates as itself.
locals {
  published = {
{% if values.database %}
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_database_host') | hcl }}     = module.database.private_ip
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_database_name') | hcl }}     = module.database.database_name
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_database_username') | hcl }} = module.database.username
{% endif %}
{% if values.bucket %}
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_bucket_name') | hcl }} = module.bucket.bucket_name
{% endif %}
{% if values.queue %}
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_queue_name') | hcl }}         = module.queue.topic_id
    ${{ (values.environment.name ~ '_' ~ values.name ~ '_queue_subscription') | hcl }} = module.queue.subscription_id
{% endif %}
  }
}

resource "google_secret_manager_secret" "published" {
  for_each  = local.published
  project   = ${{ values.environment.cloud.account | hcl }}
  secret_id = each.key
  labels    = module.baseline.labels

  # Coordinates, not credentials: Google-managed encryption in the
  # environment's region is enough (the service's own secrets, which the
  # team creates, can use the service's key).
  replication {
    user_managed {
      replicas {
        location = ${{ values.environment.cloud.region | hcl }}
      }
    }
  }
}

resource "google_secret_manager_secret_version" "published" {
  for_each    = local.published
  secret      = google_secret_manager_secret.published[each.key].id
  secret_data = each.value
}
{% endif %}
