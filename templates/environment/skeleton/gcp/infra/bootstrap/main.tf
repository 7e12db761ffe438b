# Bootstrap of ${{ values.environment.name | hcl }} on Google Cloud: state bucket and its key, and the
# project's security baseline (audit logs of every service into a CMEK-encrypted,
# retention-locked bucket; the SCC API). See ../../DECISIONS.md.

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

module "bootstrap" {
  source = ${{ values.moduleSources['gcp-bootstrap'] | hcl }}

  organization = ${{ values.organization | hcl }}
  environment  = ${{ values.environment.name | hcl }}
  production   = ${{ values.environment.production | hcl }}
  project_id   = ${{ values.environment.cloud.account | hcl }}
  region       = ${{ values.environment.cloud.region | hcl }}
  # The identity pool through which the organisation's service repositories
  # push images (new-service's gcp-service), admitting its repositories only.
  github_organization = ${{ values.repoOwner | hcl }}
  labels = {
    owner       = "platform"
    environment = ${{ values.environment.name | hcl }}
    cost-center = "platform"
  }
}

# Security Command Center is activated per organisation: set
# scc_organization_id once it is, to publish the project's active findings.
module "account_baseline" {
  source = ${{ values.moduleSources['gcp-account-baseline'] | hcl }}

  organization = ${{ values.organization | hcl }}
  environment  = ${{ values.environment.name | hcl }}
  production   = ${{ values.environment.production | hcl }}
  project_id   = ${{ values.environment.cloud.account | hcl }}
  region       = ${{ values.environment.cloud.region | hcl }}
  labels = {
    owner       = "platform"
    environment = ${{ values.environment.name | hcl }}
    cost-center = "platform"
  }
}
