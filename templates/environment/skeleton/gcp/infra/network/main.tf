# Network of ${{ values.environment.name | hcl }} on Google Cloud: VPC, node subnet, Cloud NAT.

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

module "network" {
  source = ${{ values.moduleSources['gcp-network'] | hcl }}

  name        = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment = ${{ values.environment.name | hcl }}
  production  = ${{ values.environment.production | hcl }}
  project_id  = ${{ values.environment.cloud.account | hcl }}
  region      = ${{ values.environment.cloud.region | hcl }}
  cidr_block  = ${{ values.cidrBlock | replace('.0.0/16', '.0.0/20') | hcl }}
}
