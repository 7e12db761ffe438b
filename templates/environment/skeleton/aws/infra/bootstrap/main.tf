# Bootstrap of ${{ values.environment.name | hcl }}: state bucket, lock table, KMS key, access logs,
# GitHub OIDC and the account budget. See ../../DECISIONS.md.

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

module "bootstrap" {
  source = ${{ values.moduleSources['aws-bootstrap'] | hcl }}

  organization        = ${{ values.organization | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  owner               = ${{ values.owner | hcl }}
  cost_center         = "platform"
  monthly_budget      = ${{ values.environment.monthlyBudget | hcl }}
  budget_alert_emails = [${{ values.alertEmail | hcl }}]
  github_oidc         = true
}
