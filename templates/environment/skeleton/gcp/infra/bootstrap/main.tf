# Bootstrap of ${{ values.environment.name }} on Google Cloud: state bucket and its key.

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

module "bootstrap" {
  source = "${{ values.moduleSources['gcp-bootstrap'] }}"

  organization = "${{ values.organization }}"
  environment  = "${{ values.environment.name }}"
  production   = ${{ values.environment.production }}
  project_id   = "${{ values.environment.cloud.account }}"
  region       = "${{ values.environment.cloud.region }}"
  labels = {
    owner       = "platform"
    environment = "${{ values.environment.name }}"
    cost-center = "platform"
  }
}
