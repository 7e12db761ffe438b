output "state_bucket" {
  description = "State bucket for the services of the environment."
  value       = module.bootstrap.state_bucket
}
