variable "network_name" {
  type        = string
  description = "VPC network (the network layer's output)."
}

variable "subnetwork_name" {
  type        = string
  description = "Node subnet (the network layer's output)."
}
