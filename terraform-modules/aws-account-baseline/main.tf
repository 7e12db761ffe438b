data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # Bucket names are global: the account id keeps them unique per environment.
  audit_bucket     = "${var.organization}-audit-logs-${var.environment}-${local.account_id}"
  audit_bucket_arn = "arn:${local.partition}:s3:::${local.audit_bucket}"
  trail_name       = "${var.organization}-${var.environment}-audit"
  # Known before apply, so that the bucket and key policies can name the
  # trail without waiting for it (the trail needs those policies first).
  trail_arn = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${local.trail_name}"

  retention_days  = coalesce(var.audit_log_retention_days, var.production ? 2555 : 365)
  cloudwatch_logs = coalesce(var.cloudwatch_logs, var.production)
  tags            = var.tags
}

# --- The audit key ----------------------------------------------------------
# Its own key, not the state key: who may read the audit trail is a separate
# decision from who may run Terraform. CloudTrail may encrypt with it for
# this account's trail only; Config and CloudWatch Logs may use it for their
# deliveries; decrypting stays with the account's IAM policies.

data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
  statement {
    sid       = "CloudTrailEncrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "CloudTrailDescribe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "ConfigDelivery"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
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
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "audit" {
  description             = "Audit trail of ${var.environment}: CloudTrail, Config and their logs"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.production ? 30 : 7
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = local.tags
}

resource "aws_kms_alias" "audit" {
  name          = "alias/audit-${var.environment}"
  target_key_id = aws_kms_key.audit.key_id
}

# --- The audit bucket: CloudTrail and Config deliver here -------------------

resource "aws_s3_bucket" "audit" {
  bucket        = local.audit_bucket
  force_destroy = false
  tags          = local.tags
}

resource "aws_s3_bucket_ownership_controls" "audit" {
  bucket = aws_s3_bucket.audit.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "audit" {
  bucket                  = aws_s3_bucket.audit.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# A deleted or overwritten log file stays recoverable as a version.
resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit" {
  bucket = aws_s3_bucket.audit.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
  }
}

# CIS AWS Foundations 3.6 / Security Hub CloudTrail.7: access logging on the
# CloudTrail bucket, into the environment's access-log bucket.
resource "aws_s3_bucket_logging" "audit" {
  bucket        = aws_s3_bucket.audit.id
  target_bucket = var.access_log_bucket
  target_prefix = "s3/${local.audit_bucket}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "audit" {
  bucket = aws_s3_bucket.audit.id
  rule {
    id     = "retain-audit-logs"
    status = "Enabled"
    filter {}
    # Auditors read old trail rarely: Glacier Instant Retrieval after 90 days.
    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }
    expiration {
      days = local.retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
# https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
data "aws_iam_policy_document" "audit" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.audit_bucket_arn, "${local.audit_bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "CloudTrailAclCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.audit_bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWrite"
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_bucket_arn}/cloudtrail/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    sid       = "ConfigAclCheck"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.audit_bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "ConfigWrite"
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_bucket_arn}/config/AWSLogs/${local.account_id}/Config/*"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

resource "aws_s3_bucket_policy" "audit" {
  bucket = aws_s3_bucket.audit.id
  policy = data.aws_iam_policy_document.audit.json
}

# --- CloudTrail ---------------------------------------------------------------

resource "aws_cloudwatch_log_group" "trail" {
  count = local.cloudwatch_logs ? 1 : 0

  name              = "/groundwork/${var.environment}/cloudtrail"
  retention_in_days = var.production ? 365 : 90
  kms_key_id        = aws_kms_key.audit.arn
  tags              = local.tags
}

data "aws_iam_policy_document" "trail_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

resource "aws_iam_role" "trail" {
  count = local.cloudwatch_logs ? 1 : 0

  name               = "${var.environment}-cloudtrail-to-logs"
  assume_role_policy = data.aws_iam_policy_document.trail_assume.json
  tags               = local.tags
}

# Only the trail's own log streams, in its own group.
data "aws_iam_policy_document" "trail_logs" {
  statement {
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/groundwork/${var.environment}/cloudtrail:log-stream:${local.account_id}_CloudTrail_${local.region}*",
    ]
  }
}

resource "aws_iam_role_policy" "trail" {
  count = local.cloudwatch_logs ? 1 : 0

  name   = "cloudtrail-to-logs"
  role   = aws_iam_role.trail[0].id
  policy = data.aws_iam_policy_document.trail_logs.json
}

resource "aws_cloudtrail" "this" {
  name                          = local.trail_name
  s3_bucket_name                = aws_s3_bucket.audit.id
  s3_key_prefix                 = "cloudtrail"
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.audit.arn
  # CloudTrail wants the group's ARN with its streams (":*").
  cloud_watch_logs_group_arn = local.cloudwatch_logs ? "${aws_cloudwatch_log_group.trail[0].arn}:*" : null
  cloud_watch_logs_role_arn  = local.cloudwatch_logs ? aws_iam_role.trail[0].arn : null
  tags                       = local.tags

  depends_on = [aws_s3_bucket_policy.audit, aws_iam_role_policy.trail]
}

# --- GuardDuty ------------------------------------------------------------------

resource "aws_guardduty_detector" "this" {
  enable                       = true
  finding_publishing_frequency = var.production ? "FIFTEEN_MINUTES" : "SIX_HOURS"
  tags                         = local.tags
}

# Protection plans as separate features (the detector's datasources block is
# deprecated in provider 5.x): S3 data events, EKS audit logs, EBS malware
# scans, RDS login events. Valid names:
# https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
resource "aws_guardduty_detector_feature" "this" {
  for_each = toset(["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"])

  detector_id = aws_guardduty_detector.this.id
  name        = each.key
  status      = "ENABLED"
}

# --- Security Hub -----------------------------------------------------------------

resource "aws_securityhub_account" "this" {
  # Only the standard below: the default ones (FSBP, CIS 1.2) would double
  # the findings.
  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

# Security Hub's CIS AWS Foundations Benchmark v1.4.0 and v3.0.0 have a
# regional standards ARN (v1.2.0 alone is arn:aws:securityhub:::ruleset/...):
# https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-cis.html
resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/cis-aws-foundations-benchmark/v/${var.cis_benchmark_version}"

  depends_on = [aws_securityhub_account.this]
}

# --- AWS Config -------------------------------------------------------------------

data "aws_iam_policy_document" "config_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name               = "${var.environment}-aws-config"
  assume_role_policy = data.aws_iam_policy_document.config_assume.json
  tags               = local.tags
}

# AWS's managed policy for the recorder's reads (service-role/AWS_ConfigRole).
resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

# Delivery: the Config prefix of the audit bucket and the audit key, nothing more.
data "aws_iam_policy_document" "config_delivery" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_bucket_arn}/config/AWSLogs/${local.account_id}/Config/*"]

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    actions   = ["s3:GetBucketAcl"]
    resources = [local.audit_bucket_arn]
  }

  # Keys of this account and region, through S3 only: the audit key's ARN
  # is known only after apply, and a policy named by pattern is judged at plan.
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "config" {
  name   = "config-delivery"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.config_delivery.json
}

resource "aws_config_configuration_recorder" "this" {
  name     = "default"
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.record_global_resources
  }

  # Continuous in production; one snapshot a day elsewhere costs far less.
  recording_mode {
    recording_frequency = var.production ? "CONTINUOUS" : "DAILY"
  }
}

resource "aws_config_delivery_channel" "this" {
  name           = "default"
  s3_bucket_name = aws_s3_bucket.audit.id
  s3_key_prefix  = "config"
  s3_kms_key_arn = aws_kms_key.audit.arn

  snapshot_delivery_properties {
    delivery_frequency = var.production ? "Six_Hours" : "TwentyFour_Hours"
  }

  depends_on = [aws_config_configuration_recorder.this, aws_s3_bucket_policy.audit]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

# --- IAM ------------------------------------------------------------------------------

# CIS AWS Foundations 1.8 and 1.9: 14 characters at least, no reuse of the
# last 24 passwords (CIS v1.2 also asks for every character class).
resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
  max_password_age               = var.max_password_age
  hard_expiry                    = false
}

# Reports resources shared outside the account (CIS AWS Foundations 1.20).
resource "aws_accessanalyzer_analyzer" "this" {
  analyzer_name = "${var.environment}-account"
  type          = "ACCOUNT"
  tags          = local.tags
}
