# Named as the cluster layer's variables: the template passes these outputs
# to the cluster run as its vars.
output "node_subnet_id" {
  description = "Node subnet."
  value       = module.network.node_subnet_id
}
