# Bootstrap of ${{ values.environment.name | hcl }} on Google Cloud: state bucket and its key.

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
  labels = {
    owner       = "platform"
    environment = ${{ values.environment.name | hcl }}
    cost-center = "platform"
  }
}
