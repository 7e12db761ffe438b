project_id      = "acme-prod"
environment     = "prod"
production      = true
create_registry = false
