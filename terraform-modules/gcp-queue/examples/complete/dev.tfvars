project_id  = "acme-dev"
environment = "dev"
production  = false
