# How this layer reaches the cluster to install Argo CD (argocd.tf).

provider "helm" {
  kubernetes {
    host                   = var.cluster_endpoint
    cluster_ca_certificate = base64decode(var.cluster_certificate_authority)
    # A short-lived Entra ID token as this run's own identity (AKS has no
    # local accounts); nothing is stored. 6dae42f8-… is the AKS server app.
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "kubelogin"
      args        = ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]
    }
  }
}
