# State of the delivery layer of ${{ values.environment.name | hcl }}: its own prefix in the portal's
# management GCS bucket (bucket from terraform:apply's configuration; GCS locks state itself).
terraform {
  backend "gcs" {
    prefix = ${{ ('resource/default/environment-' ~ values.environment.name ~ '/delivery') | hcl }}
  }
}
