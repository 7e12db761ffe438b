data "aws_partition" "current" {}

locals {
  node_instance_types = coalesce(var.node_instance_types, var.production ? ["m6i.large"] : ["t3.large"])
  node_min_size       = coalesce(var.node_min_size, var.production ? 3 : 1)
  node_desired_size   = coalesce(var.node_desired_size, var.production ? 3 : 2)
  node_max_size       = coalesce(var.node_max_size, var.production ? 9 : 3)
  log_retention_days  = coalesce(var.log_retention_days, var.production ? 365 : 30)
  log_types           = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  policy_prefix       = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
}

# --- Control plane ---------------------------------------------------------------

data "aws_iam_policy_document" "cluster_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cluster" {
  name               = "${var.name}-eks-cluster"
  assume_role_policy = data.aws_iam_policy_document.cluster_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "${local.policy_prefix}/AmazonEKSClusterPolicy"
}

# Created before the cluster so that its retention and key are ours, not the
# never-expiring default EKS would create.
resource "aws_cloudwatch_log_group" "cluster" {
  name              = "/aws/eks/${var.name}/cluster"
  retention_in_days = local.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_security_group" "cluster" {
  name        = "${var.name}-eks-api"
  description = "Kubernetes API of ${var.name}: HTTPS from inside the VPC only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "api_from_vpc" {
  security_group_id = aws_security_group.cluster.id
  description       = "Kubernetes API from the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr_block
  tags              = var.tags
}

resource "aws_eks_cluster" "this" {
  name                      = var.name
  version                   = var.kubernetes_version
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = local.log_types
  tags                      = var.tags

  vpc_config {
    subnet_ids              = var.subnet_ids
    security_group_ids      = [aws_security_group.cluster.id]
    endpoint_private_access = true
    endpoint_public_access  = var.endpoint_public_access
    public_access_cidrs     = var.endpoint_public_access ? var.public_access_cidrs : null
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = var.kms_key_arn
    }
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  depends_on = [
    aws_iam_role_policy_attachment.cluster,
    aws_cloudwatch_log_group.cluster,
  ]
}

# IAM roles for service accounts: workloads get their own AWS role through
# their Kubernetes service account, never the node's.
resource "aws_iam_openid_connect_provider" "cluster" {
  url            = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
  tags           = var.tags
}

# --- Nodes -------------------------------------------------------------------------

data "aws_iam_policy_document" "node_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name               = "${var.name}-eks-node"
  assume_role_policy = data.aws_iam_policy_document.node_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.node.name
  policy_arn = "${local.policy_prefix}/${each.value}"
}

# IMDSv2 only, with a hop limit of 2 so pods cannot borrow the node's role
# through the metadata service; encrypted root volumes.
resource "aws_launch_template" "node" {
  name_prefix            = "${var.name}-node-"
  update_default_version = true
  tags                   = var.tags

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    # Pods get AWS credentials through EKS Pod Identity or IRSA, never the
    # node's role: one hop keeps them from reaching the instance metadata.
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 50
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = var.kms_key_arn
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = var.tags
  }

  tag_specifications {
    resource_type = "volume"
    tags          = var.tags
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  instance_types  = local.node_instance_types
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2023_x86_64_STANDARD"
  tags            = var.tags

  scaling_config {
    min_size     = local.node_min_size
    desired_size = local.node_desired_size
    max_size     = local.node_max_size
  }

  update_config {
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.node]
}

resource "aws_eks_addon" "this" {
  for_each = toset(["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"])

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.value
  resolve_conflicts_on_update = "OVERWRITE"
  # The VPC CNI enforces Kubernetes NetworkPolicy only when asked to (its
  # network policy agent, add-on v1.14+): without it every service's
  # default-deny policies would be accepted and silently ignored.
  configuration_values = each.value == "vpc-cni" ? jsonencode({ enableNetworkPolicy = "true" }) : null
  tags                 = var.tags

  depends_on = [aws_eks_node_group.default]
}

# --- Discovery ---------------------------------------------------------------------

resource "aws_ssm_parameter" "discovery" {
  for_each = {
    "name"              = var.name
    "oidc-provider-arn" = aws_iam_openid_connect_provider.cluster.arn
    "oidc-issuer"       = aws_eks_cluster.this.identity[0].oidc[0].issuer
  }

  name  = "/groundwork/${var.environment}/cluster/${each.key}"
  type  = "String"
  value = each.value
  tags  = var.tags
}
