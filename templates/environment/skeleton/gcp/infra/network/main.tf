# Network of ${{ values.environment.name }} on Google Cloud: VPC, node subnet, Cloud NAT.

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

module "network" {
  source = "${{ values.moduleSources['gcp-network'] }}"

  name        = "platform-${{ values.environment.name }}"
  environment = "${{ values.environment.name }}"
  production  = ${{ values.environment.production }}
  project_id  = "${{ values.environment.cloud.account }}"
  region      = "${{ values.environment.cloud.region }}"
  cidr_block  = "${{ values.cidrBlock | replace('.0.0/16', '.0.0/20') }}"
}
