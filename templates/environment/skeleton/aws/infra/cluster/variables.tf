variable "vpc_id" {
  type        = string
  description = "VPC of the environment (the network layer's output)."
}

variable "vpc_cidr_block" {
  type        = string
  description = "Range of the VPC (the network layer's output)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets, one per zone (the network layer's output)."
}
