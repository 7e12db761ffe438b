output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "azs" {
  description = "Availability zones the network spans."
  value       = local.azs
}

output "private_subnet_ids" {
  description = "Ids of the private subnets, one per zone (workloads, databases, node groups)."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Ids of the public subnets, one per zone (NAT gateways, internet-facing load balancers)."
  value       = aws_subnet.public[*].id
}

output "nat_gateway_count" {
  description = "Number of NAT gateways: one per zone in per-az mode, one otherwise."
  value       = local.nat_count
}

output "nat_gateway_mode" {
  description = "per-az or single, as chosen for the environment."
  value       = local.nat_mode
}
