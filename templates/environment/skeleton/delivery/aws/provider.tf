# How this layer reaches the cluster to install Argo CD (argocd.tf).

provider "helm" {
  kubernetes {
    host                   = var.cluster_endpoint
    cluster_ca_certificate = base64decode(var.cluster_certificate_authority)
    # A short-lived token as this run's own role (access entry of the cluster
    # layer); nothing is stored.
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", ${{ values.environment.cloud.region | hcl }}]
    }
  }
}
