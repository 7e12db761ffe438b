# EKS cluster of ${{ values.environment.name | hcl }}: private API, KMS-encrypted secrets, full
# control-plane logging, IMDSv2-only nodes. See ../../DECISIONS.md.

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

  name                = "platform-cluster"
  environment         = ${{ values.environment.name | hcl }}
  production          = ${{ values.environment.production | hcl }}
  owner               = ${{ values.owner | hcl }}
  cost_center         = "platform"
  data_classification = "confidential"
  monthly_budget      = {% if values.environment.production %}1500{% else %}400{% endif %}

  budget_alert_emails = [${{ values.alertEmail | hcl }}]
}

module "cluster" {
  source = ${{ values.moduleSources['aws-eks'] | hcl }}

  name           = ${{ ('platform-' ~ values.environment.name) | hcl }}
  environment    = ${{ values.environment.name | hcl }}
  production     = ${{ values.environment.production | hcl }}
  vpc_id         = var.vpc_id
  vpc_cidr_block = var.vpc_cidr_block
  subnet_ids     = var.private_subnet_ids
  kms_key_arn    = module.baseline.kms_key_arn
  tags           = module.baseline.tags
}
{% if 'external-dns' in values.addons %}

# external-dns manages records in the environment's zone only, as its own
# service account (IAM roles for service accounts).
data "aws_iam_policy_document" "external_dns_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.cluster.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(module.cluster.oidc_issuer_url, "https://", "")}:sub"
      values   = ["system:serviceaccount:external-dns:external-dns"]
    }
  }
}

data "aws_route53_zone" "environment" {
  name = ${{ values.domain | hcl }}
}

data "aws_iam_policy_document" "external_dns" {
  statement {
    actions   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"]
    resources = ["arn:aws:route53:::hostedzone/${data.aws_route53_zone.environment.zone_id}"]
  }

  statement {
    actions   = ["route53:ListHostedZones", "route53:ListTagsForResource"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "external_dns" {
  name               = ${{ ('platform-' ~ values.environment.name ~ '-external-dns') | hcl }}
  assume_role_policy = data.aws_iam_policy_document.external_dns_trust.json
  tags               = module.baseline.tags
}

resource "aws_iam_role_policy" "external_dns" {
  name   = ${{ ('manage-' ~ (values.domain | replace('.', '-'))) | hcl }}
  role   = aws_iam_role.external_dns.id
  policy = data.aws_iam_policy_document.external_dns.json
}
{% endif %}
{% if 'secret-store' in values.addonNames %}

# The External Secrets Operator reads the platform's secrets (Secrets Manager
# names under "<environment>/platform/") and nothing else, as its own service
# account (IAM roles for service accounts); the secret-store ClusterSecretStore
# uses these credentials. A service's secrets get a role of their own.
data "aws_iam_policy_document" "external_secrets_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.cluster.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(module.cluster.oidc_issuer_url, "https://", "")}:sub"
      values   = ["system:serviceaccount:external-secrets:external-secrets"]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(module.cluster.oidc_issuer_url, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "external_secrets" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ]
    resources = [${{ ('arn:aws:secretsmanager:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':secret:' ~ values.environment.name ~ '/platform/*') | hcl }}]
  }

  # A secret encrypted with a customer-managed key is decrypted through
  # Secrets Manager only, and only for these secrets (Secrets Manager puts
  # the secret's ARN in the encryption context). Named by pattern rather than
  # by the baseline's key ARN, which is only known after apply.
  statement {
    actions   = ["kms:Decrypt"]
    resources = [${{ ('arn:aws:kms:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':key/*') | hcl }}]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [${{ ('secretsmanager.' ~ values.environment.cloud.region ~ '.amazonaws.com') | hcl }}]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:SecretARN"
      values   = [${{ ('arn:aws:secretsmanager:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':secret:' ~ values.environment.name ~ '/platform/*') | hcl }}]
    }
  }
}

resource "aws_iam_role" "external_secrets" {
  name               = ${{ ('platform-' ~ values.environment.name ~ '-external-secrets') | hcl }}
  assume_role_policy = data.aws_iam_policy_document.external_secrets_trust.json
  tags               = module.baseline.tags
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "read-platform-secrets"
  role   = aws_iam_role.external_secrets.id
  policy = data.aws_iam_policy_document.external_secrets.json
}
{% endif %}
{% if 'velero' in values.addonNames %}

# Velero's backups: a bucket of the module factory's aws-bucket module
# (private, owner-enforced, versioned, encrypted with the environment's KMS
# key, TLS only, access-logged into the bootstrap layer's log bucket), and an
# IAM role for Velero's service account (IRSA) that may use that bucket and
# EBS snapshots, nothing else. See ../../DECISIONS.md ("Backups").
module "backups" {
  source = ${{ values.moduleSources['aws-bucket'] | hcl }}

  name              = "platform-backups"
  environment       = ${{ values.environment.name | hcl }}
  production        = ${{ values.environment.production | hcl }}
  kms_key_arn       = module.baseline.kms_key_arn
  access_log_bucket = ${{ (values.organization ~ '-access-logs-' ~ values.environment.name ~ '-' ~ values.environment.cloud.account) | hcl }}
  tags              = module.baseline.tags
}

data "aws_iam_policy_document" "velero_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.cluster.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(module.cluster.oidc_issuer_url, "https://", "")}:sub"
      values   = ["system:serviceaccount:velero:velero"]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(module.cluster.oidc_issuer_url, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

# What the AWS plugin needs (velero-plugin-for-aws's README), scoped: the
# backup bucket by name, its objects, the environment's key through S3 only,
# and EBS snapshots in this region (EC2 has no resource-level scope for
# Describe*).
data "aws_iam_policy_document" "velero" {
  statement {
    sid       = "ListBackupBucket"
    actions   = ["s3:ListBucket"]
    resources = [${{ ('arn:aws:s3:::platform-backups-' ~ values.environment.name ~ '-' ~ values.environment.cloud.account) | hcl }}]
  }

  statement {
    sid = "ReadWriteBackups"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = [${{ ('arn:aws:s3:::platform-backups-' ~ values.environment.name ~ '-' ~ values.environment.cloud.account ~ '/*') | hcl }}]
  }

  # Objects are encrypted with the environment's key: through S3 only.
  # Named by pattern rather than by the key's ARN, known only after apply.
  statement {
    sid       = "BackupEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [${{ ('arn:aws:kms:' ~ values.environment.cloud.region ~ ':' ~ values.environment.cloud.account ~ ':key/*') | hcl }}]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [${{ ('s3.' ~ values.environment.cloud.region ~ '.amazonaws.com') | hcl }}]
    }
  }

  statement {
    sid = "VolumeSnapshots"
    actions = [
      "ec2:DescribeVolumes",
      "ec2:DescribeSnapshots",
      "ec2:CreateTags",
      "ec2:CreateVolume",
      "ec2:CreateSnapshot",
      "ec2:DeleteSnapshot",
    ]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = [${{ values.environment.cloud.region | hcl }}]
    }
  }
}

resource "aws_iam_role" "velero" {
  name               = ${{ ('platform-' ~ values.environment.name ~ '-velero') | hcl }}
  assume_role_policy = data.aws_iam_policy_document.velero_trust.json
  tags               = module.baseline.tags
}

resource "aws_iam_role_policy" "velero" {
  name   = "backups"
  role   = aws_iam_role.velero.id
  policy = data.aws_iam_policy_document.velero.json
}
{% endif %}
{% if values.environment.delivery.mode == 'central' and values.environment.delivery.awsRoleArn %}

# The central Argo CD reaches this cluster as its own IAM role (argocd-k8s-auth
# aws, no token): an access entry with cluster-admin, as it installs the
# add-ons' cluster-scoped objects (CRDs, cluster roles).
resource "aws_eks_access_entry" "argocd" {
  cluster_name  = module.cluster.cluster_name
  principal_arn = ${{ values.environment.delivery.awsRoleArn | hcl }}
  tags          = module.baseline.tags
}

resource "aws_eks_access_policy_association" "argocd" {
  cluster_name  = module.cluster.cluster_name
  principal_arn = aws_eks_access_entry.argocd.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}
{% elif values.environment.delivery.mode == 'in-cluster' %}

# This run's own role installs Argo CD into the cluster (the delivery layer),
# so it gets an access entry; the cluster does not grant its creator anything
# by itself.
data "aws_caller_identity" "current" {}

data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

resource "aws_eks_access_entry" "terraform" {
  cluster_name  = module.cluster.cluster_name
  principal_arn = data.aws_iam_session_context.current.issuer_arn
  tags          = module.baseline.tags
}

resource "aws_eks_access_policy_association" "terraform" {
  cluster_name  = module.cluster.cluster_name
  principal_arn = aws_eks_access_entry.terraform.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}
{% endif %}
