# State of the cluster layer of ${{ values.environment.name }}: its own key in the portal's
# management state backend (bucket, region and lock from terraform:apply's
# configuration for ${{ values.environment.name }}).
terraform {
  backend "s3" {
    key     = "platform/${{ values.environment.name }}/cluster.tfstate"
    encrypt = true
  }
}
