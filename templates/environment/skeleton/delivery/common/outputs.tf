output "argocd_namespace" {
  description = "Namespace of the environment's own Argo CD."
  value       = helm_release.argocd.namespace
}

output "app_of_apps" {
  description = "The Application that syncs platform/addons."
  value       = ${{ ('platform-addons-' ~ values.environment.name) | hcl }}
}
