# Bootstrap of ${{ values.environment.name | hcl }} on Azure: resource group, key vault, state storage,
# and the subscription's security baseline (Defender for Cloud plans, a security
# contact, the activity log kept in Log Analytics). See ../../DECISIONS.md.

provider "azurerm" {
  features {}
  subscription_id = ${{ values.environment.cloud.account | hcl }}
}

module "bootstrap" {
  source = ${{ values.moduleSources['azure-bootstrap'] | hcl }}

  organization = ${{ values.organization | hcl }}
  environment  = ${{ values.environment.name | hcl }}
  production   = ${{ values.environment.production | hcl }}
  location     = ${{ values.environment.cloud.region | hcl }}
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}

# Production keeps the activity log 730 days and runs Defender for Servers plan 2.
module "account_baseline" {
  source = ${{ values.moduleSources['azure-account-baseline'] | hcl }}

  organization           = ${{ values.organization | hcl }}
  environment            = ${{ values.environment.name | hcl }}
  production             = ${{ values.environment.production | hcl }}
  location               = ${{ values.environment.cloud.region | hcl }}
  security_contact_email = ${{ values.alertEmail | hcl }}
  tags = {
    Owner       = ${{ values.owner | hcl }}
    Environment = ${{ values.environment.name | hcl }}
    CostCenter  = "platform"
    ManagedBy   = "terraform"
  }
}
