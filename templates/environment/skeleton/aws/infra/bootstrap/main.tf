# Bootstrap of ${{ values.environment.name | hcl }}: state bucket, lock table, KMS key, access logs,
# GitHub OIDC, the account budget and the account's security baseline
# (CloudTrail, GuardDuty, Security Hub with CIS, Config, password policy,
# Access Analyzer). See ../../DECISIONS.md.

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

# The account's security baseline; production keeps the audit trail 7 years,
# sends it to CloudWatch Logs and records Config continuously.
module "account_baseline" {
  source = ${{ values.moduleSources['aws-account-baseline'] | hcl }}

  organization      = ${{ values.organization | hcl }}
  environment       = ${{ values.environment.name | hcl }}
  production        = ${{ values.environment.production | hcl }}
  access_log_bucket = module.bootstrap.access_log_bucket
  tags = {
    Owner              = ${{ values.owner | hcl }}
    Environment        = ${{ values.environment.name | hcl }}
    CostCenter         = "platform"
    DataClassification = "confidential"
    Service            = "account-baseline"
    ManagedBy          = "terraform"
  }
}
