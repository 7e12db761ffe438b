# Network of ${{ values.environment.name | hcl }}: {% if values.environment.production %}three zones, a NAT gateway in each{% else %}two zones, one shared NAT gateway{% endif %}.
# See ../../DECISIONS.md.

provider "aws" {
  region              = ${{ values.environment.cloud.region | hcl }}
  allowed_account_ids = [${{ values.environment.cloud.account | hcl }}]

  default_tags {
    tags = {
      Owner       = ${{ values.owner | hcl }}
      Environment = ${{ values.environment.name | hcl }}
      CostCenter  = "platform"
      ManagedBy   = "terraform"
      Repository  = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
    }
  }
}

module "baseline" {
  source = ${{ values.moduleSources['aws-baseline'] | hcl }}

  name                = "platform-network"
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  owner               = ${{ values.owner | hcl }}
  cost_center         = "platform"
  data_classification = "internal"
  monthly_budget      = {% if values.environment.production %}300{% else %}100{% endif %}

  budget_alert_emails = [${{ values.alertEmail | hcl }}]
}

module "network" {
  source = ${{ values.moduleSources['aws-network'] | hcl }}

  name        = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment = ${{ values.environment.name | hcl }}
  production  = ${{ values.environment.production | hcl }}
  cidr_block  = ${{ values.cidrBlock | hcl }}
  kms_key_arn = module.baseline.kms_key_arn
  tags        = module.baseline.tags
}
