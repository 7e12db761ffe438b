# Remote state of ${{ values.name | hcl }} in ${{ values.environment.name | hcl }}, its own prefix. The bucket
# comes from the portal's terraform:apply configuration for the environment
# (or -backend-config in CI): the environment's CMEK-encrypted, versioned
# state bucket (gcp-bootstrap); GCS locks state itself. The prefix names the
# entity's kind and namespace, so it cannot collide with another entity's.
terraform {
  backend "gcs" {
    prefix = ${{ ('component/default/' ~ values.name ~ '/' ~ values.environment.name) | hcl }}
  }
}
