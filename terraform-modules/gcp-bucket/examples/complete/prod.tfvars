project_id        = "acme-prod"
environment       = "prod"
production        = true
access_log_bucket = "acme-usage-logs-prod"
