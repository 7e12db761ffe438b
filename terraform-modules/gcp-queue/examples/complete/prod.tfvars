project_id  = "acme-prod"
environment = "prod"
production  = true
