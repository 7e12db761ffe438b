resource "aws_kms_key" "this" {
  description         = var.name
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_budgets_budget" "this" {
  name         = "${var.name}-monthly"
  budget_type  = "COST"
  limit_amount = "10"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
  tags         = var.tags
}
