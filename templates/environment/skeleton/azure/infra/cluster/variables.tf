variable "node_subnet_id" {
  type        = string
  description = "Node subnet (the network layer's output)."
}
