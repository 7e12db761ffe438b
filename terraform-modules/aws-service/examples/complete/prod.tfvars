environment     = "prod"
production      = true
create_registry = false
