output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = module.cluster.cluster_name
}

output "cluster_endpoint" {
  description = "Private endpoint of the Kubernetes API."
  value       = "https://${data.azurerm_kubernetes_cluster.this.private_fqdn}:443"
}

output "cluster_certificate_authority" {
  description = "Base64 PEM of the cluster CA (public): Argo CD verifies the API server with it."
  # Only the CA, which is public; the provider marks the whole kube_config sensitive.
  value = nonsensitive(data.azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate)
}
{% if 'secret-store' in values.addonNames and values.secretStore != 'vault' %}

output "external_secrets_client_id" {
  description = "Client id of the External Secrets Operator's managed identity: its ServiceAccount's azure.workload.identity/client-id, patched into the external-secrets Application by the app-of-apps (Azure makes it up at apply)."
  value       = azurerm_user_assigned_identity.external_secrets.client_id
}
{% endif %}
{% if 'velero' in values.addonNames %}

output "velero_client_id" {
  description = "Client id of Velero's managed identity: its server ServiceAccount's azure.workload.identity/client-id, patched into the velero Application by the app-of-apps (Azure makes it up at apply)."
  value       = azurerm_user_assigned_identity.velero.client_id
}
{% endif %}
