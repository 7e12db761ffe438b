subscription_id = "00000000-0000-0000-0000-00000000d001"
environment     = "dev"
production      = false
