environment       = "prod"
production        = true
access_log_bucket = "acme-access-logs-prod-333333333333"
