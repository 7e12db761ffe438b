project_id                        = "acme-dev"
environment                       = "dev"
production                        = false
create_registry                   = true
github_workload_identity_provider = "projects/100000000001/locations/global/workloadIdentityPools/github/providers/github-actions"
