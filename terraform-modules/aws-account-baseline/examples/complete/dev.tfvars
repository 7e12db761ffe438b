environment       = "dev"
production        = false
access_log_bucket = "acme-access-logs-dev-111111111111"
