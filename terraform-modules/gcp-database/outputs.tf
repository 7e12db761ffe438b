output "instance_name" {
  description = "Name of the Cloud SQL instance, <name>-<environment>."
  value       = google_sql_database_instance.this.name
}

output "connection_name" {
  description = "Connection name of the instance, <project>:<region>:<instance>, for the Cloud SQL connectors and Auth Proxy."
  value       = google_sql_database_instance.this.connection_name
}

output "private_ip" {
  description = "Private IP address of the instance on the environment's network (the only address it has)."
  value       = google_sql_database_instance.this.private_ip_address
}

output "database_name" {
  description = "Name of the application database (the service name with '_' for '-')."
  value       = google_sql_database.this.name
}

output "username" {
  description = "PostgreSQL user of the service: its workload service account's e-mail without .gserviceaccount.com (IAM database authentication, no password)."
  value       = google_sql_user.workload.name
}
