data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  # The mandatory tags come last so that extra_tags cannot override them.
  tags = merge(var.extra_tags, {
    Owner              = var.owner
    Environment        = var.environment
    CostCenter         = var.cost_center
    DataClassification = var.data_classification
    Service            = var.name
    ManagedBy          = "terraform"
  })

  log_retention_days = coalesce(var.log_retention_days, var.production ? 365 : 30)
  account_id         = data.aws_caller_identity.current.account_id
  region             = data.aws_region.current.name
}

# One customer-managed key per stack: its logs, state and data are encrypted
# with a key the stack's owners control and can audit, not an AWS default key.
data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchLogs"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${var.name} (${var.environment}): logs, state and data at rest"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.production ? 30 : 7
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-${var.environment}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/groundwork/${var.environment}/${var.name}"
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = local.tags
}

resource "aws_budgets_budget" "this" {
  name         = "${var.name}-${var.environment}-monthly"
  budget_type  = "COST"
  limit_amount = tostring(var.monthly_budget)
  limit_unit   = var.currency
  time_unit    = "MONTHLY"
  tags         = local.tags

  # Cost allocation by the Service tag (activate it once per account in the
  # Billing console); the account scope is for an environment's bootstrap.
  dynamic "cost_filter" {
    for_each = var.budget_scope == "service" ? [var.name] : []
    content {
      name   = "TagKeyValue"
      values = [format("user:Service$%s", cost_filter.value)]
    }
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = var.budget_alert_emails
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = var.budget_alert_emails
  }
}
