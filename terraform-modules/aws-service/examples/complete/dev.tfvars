environment     = "dev"
production      = false
create_registry = true
