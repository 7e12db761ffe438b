output "server_name" {
  description = "Name of the PostgreSQL flexible server."
  value       = azurerm_postgresql_flexible_server.this.name
}

output "fqdn" {
  description = "Host name of the server, resolvable inside the environment's network only (PGHOST)."
  value       = azurerm_postgresql_flexible_server.this.fqdn
}

output "database_name" {
  description = "Name of the service's database (PGDATABASE)."
  value       = azurerm_postgresql_flexible_server_database.this.name
}

output "username" {
  description = "The user name PostgreSQL knows the workload identity by (PGUSER); the password is an Entra access token for https://ossrdbms-aad.database.windows.net."
  value       = azurerm_postgresql_flexible_server_active_directory_administrator.workload.principal_name
}
