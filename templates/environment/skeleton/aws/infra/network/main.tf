# Network of ${{ values.environment.name }}: {% if values.environment.production %}three zones, a NAT gateway in each{% else %}two zones, one shared NAT gateway{% endif %}.
# See ../../DECISIONS.md.

provider "aws" {
  region              = "${{ values.environment.cloud.region }}"
  allowed_account_ids = ["${{ values.environment.cloud.account }}"]

  default_tags {
    tags = {
      Owner       = "${{ values.owner }}"
      Environment = "${{ values.environment.name }}"
      CostCenter  = "platform"
      ManagedBy   = "terraform"
      Repository  = "${{ values.repoOwner }}/${{ values.repoName }}"
    }
  }
}

module "baseline" {
  source = "${{ values.moduleSources['aws-baseline'] }}"

  name                = "platform-network"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  owner               = "${{ values.owner }}"
  cost_center         = "platform"
  data_classification = "internal"
  monthly_budget      = {% if values.environment.production %}300{% else %}100{% endif %}

  budget_alert_emails = ["${{ values.alertEmail }}"]
}

module "network" {
  source = "${{ values.moduleSources['aws-network'] }}"

  name        = "platform-${{ values.environment.name }}"
  environment = "${{ values.environment.name }}"
  production  = ${{ values.environment.production }}
  cidr_block  = "${{ values.cidrBlock }}"
  kms_key_arn = module.baseline.kms_key_arn
  tags        = module.baseline.tags
}
