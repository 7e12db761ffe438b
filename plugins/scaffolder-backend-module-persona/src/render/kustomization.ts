import { stringify } from 'yaml';

/** The kustomization of each access folder the Argo CD Applications sync. */
export const KUSTOMIZATION = 'kustomization.yaml';

const POLICY_FILE = /^policy\.[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/;

/**
 * What turns the team files of an `argocd/…` folder into Argo CD's RBAC:
 * a generated `argocd-rbac-cm` with one `policy.<team>.csv` key per file
 * (Argo CD appends every `policy.*.csv` key to `policy.csv`), labelled
 * `app.kubernetes.io/part-of: argocd` because Argo CD only watches
 * ConfigMaps with that label. The access Application syncs it with
 * server-side apply, so it owns these keys and nothing else: `policy.default`,
 * `scopes` and the install's own `policy.csv` stay with whoever set them,
 * and a key whose file is gone is released (removed) on the next sync.
 * No name suffix: Argo CD reads the ConfigMap by its exact name.
 */
export function renderArgoCdKustomization(fileNames: string[]): string {
  const files = fileNames.filter(f => POLICY_FILE.test(f)).sort();
  const doc = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generatorOptions: {
      disableNameSuffixHash: true,
      labels: { 'app.kubernetes.io/part-of': 'argocd' },
      // Neither pruned nor deleted with the Application: the ConfigMap is
      // Argo CD's own, this repository only owns some of its keys.
      annotations: {
        'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      },
    },
    configMapGenerator: [{ name: 'argocd-rbac-cm', files }],
  };
  return `# Written by persona:onboard and persona:offboard from the policy files in\n# this folder; the access Application (groundwork.persona.access) syncs it.\n${stringify(
    doc,
  )}`;
}

const BINDINGS_FILE = /^[^/]+\.yaml$/;

/**
 * The kustomization of one `kubernetes/<environment>` folder: every person's
 * bindings file in it. Kept (empty) when the last person goes, so the access
 * Application still finds its path and prunes what was bound.
 */
export function renderKubernetesKustomization(fileNames: string[]): string {
  const resources = fileNames
    .filter(f => BINDINGS_FILE.test(f) && f !== KUSTOMIZATION)
    .sort();
  const doc = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  };
  return `# Written by persona:onboard and persona:offboard from the bindings files in\n# this folder; the access Application (groundwork.persona.access) syncs it.\n${stringify(
    doc,
  )}`;
}
