# Argo CD of ${{ values.environment.name | hcl }}, installed into the environment's own cluster
# (groundwork.environments[].delivery.mode: in-cluster). It syncs the add-ons
# in platform/addons of this repository as an app-of-apps, so
# https://kubernetes.default.svc is this cluster. See ../../DECISIONS.md.

locals {
  repository = ${{ ('https://' ~ values.repoHost ~ '/' ~ values.repoOwner ~ '/' ~ values.repoName ~ '.git') | hcl }}
  project    = ${{ ('platform-' ~ values.environment.name) | hcl }}
  # The platform-<env> project, from the portal's add-on table (the
  # template's platformAddonsProject, the same table platform/addons is
  # rendered from): this repository and each chart repository, argocd and
  # each add-on's namespaces on this cluster, and exactly the cluster-scoped
  # kinds the add-ons create. Data, written by the template.
  platform_project = ${{ values.platformProject | hcl }}
}

# Argo CD itself, pinned. Its UI and API stay inside the cluster (no ingress):
# reach them with kubectl port-forward, or add an ingress in a pull request.
resource "helm_release" "argocd" {
  name             = "argocd"
  namespace        = "argocd"
  create_namespace = true
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = "7.7.11"
  atomic           = true
  timeout          = 900

  values = [jsonencode({
    global = {
      additionalLabels = {
        "app.kubernetes.io/part-of" = "platform"
      }
    }
    configs = {
      cm = {
        # No local admin: sign in through SSO once it is configured.
        "admin.enabled" = false
      }
    }
    controller = {
      replicas = {% if values.environment.production %}2{% else %}1{% endif %}

    }
    server = {
      replicas = {% if values.environment.production %}2{% else %}1{% endif %}

    }
    repoServer = {
      replicas = {% if values.environment.production %}2{% else %}1{% endif %}

    }
  })]
}

# The project and the app-of-apps, as Argo CD resources (argocd-apps chart):
# the project admits what the add-on table needs, the app-of-apps comes from
# this repository into argocd.
resource "helm_release" "platform" {
  name       = "platform"
  namespace  = "argocd"
  repository = "https://argoproj.github.io/argo-helm"
  chart      = "argocd-apps"
  version    = "2.0.2"

  values = [jsonencode({
    projects = {
      ${{ ('platform-' ~ values.environment.name) | hcl }} = merge(local.platform_project, { namespace = "argocd" })
    }
    applications = {
      ${{ ('platform-addons-' ~ values.environment.name) | hcl }} = {
        namespace = "argocd"
        project   = local.project
        # argocd-apps 2.x: metadata labels are additionalLabels.
        additionalLabels = {
          "app.kubernetes.io/part-of"   = "platform"
          "groundwork.dev/environment" = ${{ values.environment.name | hcl }}
        }
        source = {
          repoURL        = local.repository
          targetRevision = "main"
          path           = "platform/addons"
{% if values.cloud == 'azure' %}
          # The managed identity client ids of the External Secrets Operator
          # and of Velero, which Azure made up when the cluster layer applied,
          # as their ServiceAccounts' annotations: a JSON patch of each one's
          # Application, the ones the portal's platformAddonsKustomize gives a
          # central Argo CD. None for an identity the cluster layer did not make.
          kustomize = {
            patches = [for p in [
              {
                client_id = var.external_secrets_client_id
                name      = ${{ ('external-secrets-' ~ values.environment.name) | hcl }}
                values    = { serviceAccount = { annotations = { "azure.workload.identity/client-id" = var.external_secrets_client_id } } }
              },
              {
                client_id = var.velero_client_id
                name      = ${{ ('velero-' ~ values.environment.name) | hcl }}
                values    = { serviceAccount = { server = { annotations = { "azure.workload.identity/client-id" = var.velero_client_id } } } }
              },
              ] : {
              target = {
                group = "argoproj.io"
                kind  = "Application"
                name  = p.name
              }
              patch = jsonencode([{
                op    = "add"
                path  = "/spec/sources/0/helm/valuesObject"
                value = p.values
              }])
            } if p.client_id != null && p.client_id != ""]
          }
{% endif %}
        }
        destination = {
          server    = "https://kubernetes.default.svc"
          namespace = "argocd"
        }
        syncPolicy = {
          automated = { prune = true, selfHeal = true }
          retry     = { limit = 5 }
        }
      }
    }
  })]

  depends_on = [helm_release.argocd]
}
