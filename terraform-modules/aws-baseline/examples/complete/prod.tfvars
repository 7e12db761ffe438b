environment    = "prod"
production     = true
monthly_budget = 1200
