project_id     = "acme-dev"
environment    = "dev"
production     = false
monthly_budget = 150
