environment    = "dev"
production     = false
monthly_budget = 500
