output "topic_id" {
  description = "Resource name of the topic the service publishes to, projects/<project>/topics/<name>-<environment>."
  value       = local.topic_id
}

output "subscription_id" {
  description = "Resource name of the subscription the service consumes, projects/<project>/subscriptions/<name>-<environment>."
  value       = local.subscription_id
}

output "dead_letter_topic_id" {
  description = "Resource name of the dead-letter topic."
  value       = local.dead_letter_topic_id
}

output "dead_letter_subscription_id" {
  description = "Resource name of the subscription that keeps the dead letters 7 days."
  value       = local.dead_letter_subscription_id
}
