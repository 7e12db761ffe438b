# Bootstrap of ${{ values.environment.name }}: state bucket, lock table, KMS key, access logs,
# GitHub OIDC and the account budget. See ../../DECISIONS.md.

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

module "bootstrap" {
  source = "${{ values.moduleSources['aws-bootstrap'] }}"

  organization        = "${{ values.organization }}"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  owner               = "${{ values.owner }}"
  cost_center         = "platform"
  monthly_budget      = ${{ values.environment.monthlyBudget }}
  budget_alert_emails = ["${{ values.alertEmail }}"]
  github_oidc         = true
}
