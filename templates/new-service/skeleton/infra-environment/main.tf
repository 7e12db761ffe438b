# ${{ values.name }} in ${{ values.environment.name }}{% if values.environment.production %} (production){% endif %}. Rendered by the portal's new-service
# template; every choice is explained in ../../DECISIONS.md.

provider "aws" {
  region              = "${{ values.environment.cloud.region }}"
  allowed_account_ids = ["${{ values.environment.cloud.account }}"]

  default_tags {
    tags = {
      Owner              = "${{ values.owner }}"
      Environment        = "${{ values.environment.name }}"
      CostCenter         = "${{ values.costCenter }}"
      DataClassification = "${{ values.dataClassification }}"
      Service            = "${{ values.name }}"
      ManagedBy          = "terraform"
      Repository         = "${{ values.repoOwner }}/${{ values.repoName }}"
    }
  }
}

# What the platform publishes about the environment (aws-bootstrap,
# aws-network and aws-eks write these parameters).
data "aws_ssm_parameter" "cluster_oidc_provider_arn" {
  name = "/groundwork/${{ values.environment.name }}/cluster/oidc-provider-arn"
}

data "aws_ssm_parameter" "cluster_oidc_issuer" {
  name = "/groundwork/${{ values.environment.name }}/cluster/oidc-issuer"
}
{% if values.database %}

data "aws_ssm_parameter" "vpc_id" {
  name = "/groundwork/${{ values.environment.name }}/network/vpc-id"
}

data "aws_ssm_parameter" "vpc_cidr" {
  name = "/groundwork/${{ values.environment.name }}/network/vpc-cidr"
}

data "aws_ssm_parameter" "private_subnet_ids" {
  name = "/groundwork/${{ values.environment.name }}/network/private-subnet-ids"
}
{% endif %}
{% if values.bucket %}

data "aws_ssm_parameter" "access_log_bucket" {
  name = "/groundwork/${{ values.environment.name }}/bootstrap/access-log-bucket"
}
{% endif %}

module "baseline" {
  source = "${{ values.moduleSources['aws-baseline'] }}"

  name                = "${{ values.name }}"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  owner               = "${{ values.owner }}"
  cost_center         = "${{ values.costCenter }}"
  data_classification = "${{ values.dataClassification }}"
  monthly_budget      = ${{ values.environment.monthlyBudget }}
  currency            = "${{ values.currency }}"
  budget_alert_emails = ["${{ values.alertEmail }}"]
  extra_tags          = { Repository = "${{ values.repoOwner }}/${{ values.repoName }}" }
}

module "service" {
  source = "${{ values.moduleSources['aws-service'] }}"

  name        = "${{ values.name }}"
  environment = "${{ values.environment.name }}"
  tags        = module.baseline.tags
  kms_key_arn = module.baseline.kms_key_arn
{% if values.environment.first %}

  # ${{ values.environment.name }} hosts the image registry and the GitHub push role.
  create_registry    = true
  github_repository  = "${{ values.repoOwner }}/${{ values.repoName }}"
  github_environment = "${{ values.environment.name }}"
  pull_account_ids   = [{% for e in values.environments | rejectattr('first') %}"${{ e.cloud.account }}"{% if not loop.last %}, {% endif %}{% endfor %}]
{% else %}

  # Images come from the registry in ${{ values.environments[0].name }}.
  create_registry   = false
  github_repository = "${{ values.repoOwner }}/${{ values.repoName }}"
{% endif %}

  cluster_oidc_provider_arn = data.aws_ssm_parameter.cluster_oidc_provider_arn.value
  cluster_oidc_issuer       = data.aws_ssm_parameter.cluster_oidc_issuer.value
  namespace                 = "${{ values.name }}"
  service_account           = "${{ values.name }}"
}
{% if values.database %}

module "database" {
  source = "${{ values.moduleSources['aws-database'] }}"

  name                = "${{ values.name }}"
  environment         = "${{ values.environment.name }}"
  production          = ${{ values.environment.production }}
  vpc_id              = data.aws_ssm_parameter.vpc_id.value
  subnet_ids          = split(",", data.aws_ssm_parameter.private_subnet_ids.value)
  allowed_cidr_blocks = [data.aws_ssm_parameter.vpc_cidr.value]
  kms_key_arn         = module.baseline.kms_key_arn
  tags                = module.baseline.tags
}

# The service connects as the database user "app" with IAM authentication:
# no password in the service's configuration.
data "aws_iam_policy_document" "database_connect" {
  statement {
    actions   = ["rds-db:connect"]
    resources = ["arn:aws:rds-db:${{ values.environment.cloud.region }}:${{ values.environment.cloud.account }}:dbuser:${module.database.resource_id}/app"]
  }
}

resource "aws_iam_role_policy" "database_connect" {
  name   = "connect-${{ values.name }}-database"
  role   = module.service.workload_role_name
  policy = data.aws_iam_policy_document.database_connect.json
}
{% endif %}
{% if values.bucket %}

module "bucket" {
  source = "${{ values.moduleSources['aws-bucket'] }}"

  name              = "${{ values.name }}"
  environment       = "${{ values.environment.name }}"
  production        = ${{ values.environment.production }}
  kms_key_arn       = module.baseline.kms_key_arn
  access_log_bucket = data.aws_ssm_parameter.access_log_bucket.value
  tags              = module.baseline.tags
}

resource "aws_iam_role_policy" "bucket_access" {
  name   = "use-${{ values.name }}-bucket"
  role   = module.service.workload_role_name
  policy = module.bucket.access_policy_json
}

# The bucket's objects are encrypted with the stack's key.
data "aws_iam_policy_document" "bucket_key" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${{ values.environment.cloud.region }}:${{ values.environment.cloud.account }}:key/*"]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = ["alias/${{ values.name }}-${{ values.environment.name }}"]
    }
  }
}

resource "aws_iam_role_policy" "bucket_key" {
  name   = "use-${{ values.name }}-key"
  role   = module.service.workload_role_name
  policy = data.aws_iam_policy_document.bucket_key.json
}
{% endif %}
