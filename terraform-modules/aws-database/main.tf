locals {
  identifier            = "${var.name}-${var.environment}"
  instance_class        = coalesce(var.instance_class, var.production ? "db.m6g.large" : "db.t4g.micro")
  allocated_storage     = coalesce(var.allocated_storage, var.production ? 100 : 20)
  backup_retention_days = coalesce(var.backup_retention_days, var.production ? 30 : 7)
  major_version         = split(".", var.engine_version)[0]
}

resource "aws_db_subnet_group" "this" {
  name        = local.identifier
  description = "Private subnets of ${local.identifier}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "this" {
  name        = "${local.identifier}-postgres"
  description = "PostgreSQL of ${local.identifier}: 5432 from the listed private ranges only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.this.id
  description       = "PostgreSQL from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = each.value
  tags              = var.tags
}

# TLS only, and slow statements logged.
resource "aws_db_parameter_group" "this" {
  name        = local.identifier
  family      = "postgres${local.major_version}"
  description = "Parameters of ${local.identifier}"
  tags        = var.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  # Schema changes leave a trace an auditor can follow.
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
}

resource "aws_db_instance" "this" {
  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = local.instance_class
  db_name        = replace(var.name, "-", "_")
  username       = "app"

  # The password lives in Secrets Manager, rotated by RDS; it never appears
  # in Terraform state or variables.
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.kms_key_arn
  iam_database_authentication_enabled = true

  allocated_storage     = local.allocated_storage
  max_allocated_storage = local.allocated_storage * 5
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.production

  backup_retention_period   = local.backup_retention_days
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.production
  skip_final_snapshot       = !var.production
  final_snapshot_identifier = var.production ? "${local.identifier}-final" : null

  auto_minor_version_upgrade      = true
  apply_immediately               = !var.production
  performance_insights_enabled    = true
  performance_insights_kms_key_id = var.kms_key_arn
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  tags = var.tags
}
