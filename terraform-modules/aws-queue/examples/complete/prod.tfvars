environment = "prod"
production  = true
