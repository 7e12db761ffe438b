project_id          = "acme-prod"
environment         = "prod"
production          = true
scc_organization_id = "123456789012"
