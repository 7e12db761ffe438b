# Named as the cluster layer's variables: the template passes these outputs
# to the cluster run as its vars.
output "vpc_id" {
  description = "VPC of the environment."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "Range of the VPC."
  value       = module.network.vpc_cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone."
  value       = module.network.private_subnet_ids
}
