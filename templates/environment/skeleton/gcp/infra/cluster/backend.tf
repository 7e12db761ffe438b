# State of the cluster layer of ${{ values.environment.name }}: its own prefix in the portal's
# management GCS bucket (bucket from terraform:apply's configuration; GCS locks state itself).
terraform {
  backend "gcs" {
    prefix = "platform/${{ values.environment.name }}/cluster"
  }
}
