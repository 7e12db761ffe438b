# ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}{% if values.environment.production %} (production){% endif %}. Rendered by the portal's new-service
# template; every choice is explained in ../../DECISIONS.md.

provider "aws" {
  region              = ${{ values.environment.cloud.region | hcl }}
  allowed_account_ids = [${{ values.environment.cloud.account | hcl }}]

  default_tags {
    tags = {
      Owner              = ${{ values.owner | hcl }}
      Environment        = ${{ values.environment.name | hcl }}
      CostCenter         = ${{ values.costCenter | hcl }}
      DataClassification = ${{ values.dataClassification | hcl }}
      Service            = ${{ values.name | hcl }}
      ManagedBy          = "terraform"
      Repository         = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
    }
  }
}

# What the platform publishes about the environment (aws-bootstrap,
# aws-network and aws-eks write these parameters).
data "aws_ssm_parameter" "cluster_oidc_provider_arn" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/cluster/oidc-provider-arn') | hcl }}
}

data "aws_ssm_parameter" "cluster_oidc_issuer" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/cluster/oidc-issuer') | hcl }}
}
{% if values.database %}

data "aws_ssm_parameter" "vpc_id" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/network/vpc-id') | hcl }}
}

data "aws_ssm_parameter" "vpc_cidr" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/network/vpc-cidr') | hcl }}
}

data "aws_ssm_parameter" "private_subnet_ids" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/network/private-subnet-ids') | hcl }}
}
{% endif %}
{% if values.bucket %}

data "aws_ssm_parameter" "access_log_bucket" {
  name = ${{ ('/groundwork/' ~ values.environment.name ~ '/bootstrap/access-log-bucket') | hcl }}
}
{% endif %}

module "baseline" {
  source = ${{ values.moduleSources['aws-baseline'] | hcl }}

  name                = ${{ values.name | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  owner               = ${{ values.owner | hcl }}
  cost_center         = ${{ values.costCenter | hcl }}
  data_classification = ${{ values.dataClassification | hcl }}
  monthly_budget      = ${{ values.environment.monthlyBudget | hcl }}
  currency            = ${{ values.currency | hcl }}
  budget_alert_emails = [${{ values.alertEmail | hcl }}]
  extra_tags          = { Repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }} }
}

module "service" {
  source = ${{ values.moduleSources['aws-service'] | hcl }}

  name        = ${{ values.name | hcl }}
  environment = ${{ values.environment.name | hcl }}
  tags        = module.baseline.tags
  kms_key_arn = module.baseline.kms_key_arn
{% if values.environment.first %}

  # ${{ values.environment.name | hcl }} hosts the image registry and the GitHub push role.
  create_registry    = true
  github_repository  = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
  github_environment = ${{ values.environment.name | hcl }}
  pull_account_ids   = [{% for e in values.environments | rejectattr('first') %}${{ e.cloud.account | hcl }}{% if not loop.last %}, {% endif %}{% endfor %}]
{% else %}

  # Images come from the registry in ${{ values.environments[0].name | hcl }}.
  create_registry   = false
  github_repository = ${{ (values.repoOwner ~ '/' ~ values.repoName) | hcl }}
{% endif %}

  cluster_oidc_provider_arn = data.aws_ssm_parameter.cluster_oidc_provider_arn.value
  cluster_oidc_issuer       = data.aws_ssm_parameter.cluster_oidc_issuer.value
  namespace                 = ${{ values.name | hcl }}
  service_account           = ${{ values.name | hcl }}
}

# What workload.yaml's ExternalSecrets read as this service's role (the
# SecretStores of deploy/overlays/<env>/workload/ authenticate as its
# ServiceAccount): its own secrets under <environment>/<service>/ in Secrets
# Manager, and the parameters below. Nothing of another service's.
data "aws_iam_policy_document" "workload_inputs" {
  statement {
    sid       = "OwnSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [${{ ('arn:aws:secretsmanager:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':secret:' ~ values.environment.name ~ '/' ~ values.name ~ '/*') | hcl }}]
  }

  statement {
    sid       = "OwnParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = [${{ ('arn:aws:ssm:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':parameter/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/*') | hcl }}]
  }

  # The secrets are encrypted with the stack's key (by its alias, known
  # before apply, as bucket_key does), which the role may use through
  # Secrets Manager only.
  statement {
    sid       = "DecryptOwnSecrets"
    actions   = ["kms:Decrypt"]
    resources = [${{ ('arn:aws:kms:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':key/*') | hcl }}]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [${{ ('alias/' ~ values.name ~ '-' ~ values.environment.name) | hcl }}]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [${{ ('secretsmanager.' ~ values.environment.cloud.region ~ '.amazonaws.com') | hcl }}]
    }
  }
}

resource "aws_iam_role_policy" "workload_inputs" {
  name   = ${{ ('read-' ~ values.name ~ '-inputs') | hcl }}
  role   = module.service.workload_role_name
  policy = data.aws_iam_policy_document.workload_inputs.json
}
{% if values.database %}

module "database" {
  source = ${{ values.moduleSources['aws-database'] | hcl }}

  name                = ${{ values.name | hcl }}
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
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
    resources = [format("arn:aws:rds-db:%s:%s:dbuser:%s/app", ${{ values.environment.cloud.region | hcl }}, ${{ values.environment.cloud.account | hcl }}, module.database.resource_id)]
  }
}

resource "aws_iam_role_policy" "database_connect" {
  name   = ${{ ('connect-' ~ values.name ~ '-database') | hcl }}
  role   = module.service.workload_role_name
  policy = data.aws_iam_policy_document.database_connect.json
}

# Where workload.yaml's postgres resource finds the database (its
# ExternalSecret reads these; the port is PostgreSQL's, the user "app").
resource "aws_ssm_parameter" "postgres_host" {
  name  = ${{ ('/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/postgres/host') | hcl }}
  type  = "String"
  value = module.database.address
  tags  = module.baseline.tags
}

resource "aws_ssm_parameter" "postgres_name" {
  name  = ${{ ('/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/postgres/name') | hcl }}
  type  = "String"
  value = module.database.database_name
  tags  = module.baseline.tags
}
{% endif %}
{% if values.bucket %}

module "bucket" {
  source = ${{ values.moduleSources['aws-bucket'] | hcl }}

  name              = ${{ values.name | hcl }}
  environment       = ${{ values.environment.name | hcl }}
  production        = ${{ values.environment.production | hcl }}
  kms_key_arn       = module.baseline.kms_key_arn
  access_log_bucket = data.aws_ssm_parameter.access_log_bucket.value
  tags              = module.baseline.tags
}

# Where workload.yaml's s3 resource finds the bucket.
resource "aws_ssm_parameter" "s3_name" {
  name  = ${{ ('/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/s3/name') | hcl }}
  type  = "String"
  value = module.bucket.bucket
  tags  = module.baseline.tags
}

resource "aws_iam_role_policy" "bucket_access" {
  name   = ${{ ('use-' ~ values.name ~ '-bucket') | hcl }}
  role   = module.service.workload_role_name
  policy = module.bucket.access_policy_json
}

# The bucket's objects are encrypted with the stack's key.
data "aws_iam_policy_document" "bucket_key" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [${{ ('arn:aws:kms:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':key/*') | hcl }}]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [${{ ('alias/' ~ values.name ~ '-' ~ values.environment.name) | hcl }}]
    }
  }
}

resource "aws_iam_role_policy" "bucket_key" {
  name   = ${{ ('use-' ~ values.name ~ '-key') | hcl }}
  role   = module.service.workload_role_name
  policy = data.aws_iam_policy_document.bucket_key.json
}
{% endif %}
{% if values.queue %}

module "queue" {
  source = ${{ values.moduleSources['aws-queue'] | hcl }}

  name          = ${{ values.name | hcl }}
  environment   = ${{ values.environment.name | hcl }}
  production    = ${{ values.environment.production | hcl }}
  kms_key_arn   = module.baseline.kms_key_arn
  kms_key_alias = ${{ ('alias/' ~ values.name ~ '-' ~ values.environment.name) | hcl }}
  tags          = module.baseline.tags
}

# Where workload.yaml's queue resource finds the queue.
resource "aws_ssm_parameter" "queue_url" {
  name  = ${{ ('/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/queue/url') | hcl }}
  type  = "String"
  value = module.queue.queue_url
  tags  = module.baseline.tags
}

resource "aws_ssm_parameter" "queue_name" {
  name  = ${{ ('/groundwork/' ~ values.environment.name ~ '/' ~ values.name ~ '/queue/name') | hcl }}
  type  = "String"
  value = module.queue.queue_name
  tags  = module.baseline.tags
}

# Send, receive and delete on this queue only, and the stack's key through
# SQS only (aws-queue's access_policy_json).
resource "aws_iam_role_policy" "queue_access" {
  name   = ${{ ('use-' ~ values.name ~ '-queue') | hcl }}
  role   = module.service.workload_role_name
  policy = module.queue.access_policy_json
}
{% endif %}
