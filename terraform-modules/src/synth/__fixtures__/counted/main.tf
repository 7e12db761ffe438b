variable "zones" {
  type        = list(string)
  description = "Zones."
  default     = ["a", "b", "c"]
}

variable "mode" {
  type        = string
  description = "per-az or single."
  default     = "single"

  validation {
    condition     = contains(["per-az", "single"], var.mode)
    error_message = "mode must be per-az or single."
  }
}

variable "names" {
  type        = set(string)
  description = "Names."
  default     = ["x", "y"]
}

variable "unknown_count" {
  type        = bool
  description = "Makes count depend on a resource attribute."
  default     = false
}

locals {
  count = var.mode == "per-az" ? length(var.zones) : 1
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = "main" }
}

resource "aws_subnet" "private" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 4, count.index)
  availability_zone = "us-east-1${var.zones[count.index]}"
}

resource "aws_nat_gateway" "this" {
  count     = var.unknown_count ? length(aws_vpc.this.arn) : local.count
  subnet_id = aws_subnet.private[count.index].id
}

resource "aws_ssm_parameter" "named" {
  for_each = var.names
  name     = "/p/${each.key}"
  type     = "String"
  value    = join(",", aws_subnet.private[*].cidr_block)
}

module "child" {
  source = "./child"
  prefix = "c"
}

output "cidrs" {
  description = "Subnet ranges."
  value       = aws_subnet.private[*].cidr_block
}

output "child" {
  description = "Child output."
  value       = module.child.name
}
