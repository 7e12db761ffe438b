# Named as the cluster layer's variables: the template passes these outputs
# to the cluster run as its vars.
output "network_name" {
  description = "VPC network."
  value       = module.network.network_name
}

output "subnetwork_name" {
  description = "Node subnet."
  value       = module.network.subnetwork_name
}
