environment    = "prod"
production     = true
monthly_budget = 5000
