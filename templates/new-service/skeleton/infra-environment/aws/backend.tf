# Remote state of ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}, its own key. The bucket,
# region and lock come from the portal's terraform:apply configuration for
# the environment (or -backend-config in CI): the environment's encrypted,
# versioned state bucket created by aws-bootstrap. The key names the
# entity's kind and namespace, so it cannot collide with another entity's.
terraform {
  backend "s3" {
    key     = ${{ ('component/default/' ~ values.name ~ '/' ~ values.environment.name ~ '.tfstate') | hcl }}
    encrypt = true
  }
}
