project_id     = "acme-prod"
environment    = "prod"
production     = true
monthly_budget = 1200
