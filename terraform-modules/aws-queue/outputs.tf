output "queue_url" {
  description = "URL of the queue, the address the SQS API takes."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = local.queue_arn
}

output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = local.dlq_arn
}

output "access_policy_json" {
  description = "IAM policy document granting send, receive, delete and get-attributes on the queue, and the stack's key through SQS; attach it to the service's workload role."
  value       = data.aws_iam_policy_document.access.json
}
