data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  queue  = "${var.name}-${var.environment}"
  dlq    = "${local.queue}-dlq"
  prefix = "arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
  # Built from the names, as the provider would return them, so that the
  # policies below are known at plan time and reviewable.
  queue_arn = "${local.prefix}:${local.queue}"
  dlq_arn   = "${local.prefix}:${local.dlq}"

  message_retention_seconds = coalesce(var.message_retention_seconds, var.production ? 1209600 : 345600)
}

# Messages that fail max_receive_count times land here and stay the longest
# SQS allows (14 days), so that a bad release can be diagnosed and the
# messages redriven. Only this service's queue may use it as a dead-letter
# queue.
resource "aws_sqs_queue" "dlq" {
  name                              = local.dlq
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [local.queue_arn]
  })
  tags = var.tags
}

resource "aws_sqs_queue" "this" {
  name                              = local.queue
  message_retention_seconds         = local.message_retention_seconds
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dlq_arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = var.tags

  depends_on = [aws_sqs_queue.dlq]
}

# Both queues refuse every request made without TLS, whoever makes it.
data "aws_iam_policy_document" "tls_only" {
  for_each = {
    queue = local.queue_arn
    dlq   = local.dlq_arn
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value]

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
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.tls_only["queue"].json
}

resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy    = data.aws_iam_policy_document.tls_only["dlq"].json
}

# What the service's workload role needs to use the queue: its messages on
# this queue only, and the stack's key only when SQS calls it on the
# service's behalf (kms:ViaService), which is how SQS encrypts and decrypts
# messages with a customer-managed key. The key is named by its alias
# (kms:ResourceAliases) rather than its ARN, which is known only after the
# key exists: the policy is then whole in the plan, for review and for the
# policy pack.
data "aws_iam_policy_document" "access" {
  statement {
    sid = "UseQueue"
    actions = [
      "sqs:SendMessage",
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
    ]
    resources = [local.queue_arn]
  }

  statement {
    sid       = "UseKeyThroughSqs"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:key/*"]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [var.kms_key_alias]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}
