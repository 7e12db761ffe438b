# Remote state of ${{ values.name }} in ${{ values.environment.name }}, its own key. The bucket,
# region and lock come from the portal's terraform:apply configuration for
# ${{ values.environment.name }} (or -backend-config in CI): the environment's encrypted,
# versioned state bucket created by aws-bootstrap.
terraform {
  backend "s3" {
    key     = "services/${{ values.name }}/${{ values.environment.name }}.tfstate"
    encrypt = true
  }
}
