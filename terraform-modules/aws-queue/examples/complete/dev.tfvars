environment = "dev"
production  = false
