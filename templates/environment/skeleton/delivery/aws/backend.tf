# State of the delivery layer of ${{ values.environment.name | hcl }}: its own key in the portal's
# management state backend (bucket, region and lock from terraform:apply's
# configuration for ${{ values.environment.name | hcl }}).
terraform {
  backend "s3" {
    key     = ${{ ('resource/default/environment-' ~ values.environment.name ~ '/delivery.tfstate') | hcl }}
    encrypt = true
  }
}
