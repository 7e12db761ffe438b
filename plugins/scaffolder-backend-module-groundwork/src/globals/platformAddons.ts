import { createTemplateGlobalFunction } from '@backstage/plugin-scaffolder-node/alpha';

/** A cluster-scoped kind an add-on creates (an AppProject whitelist entry). */
export interface ClusterKind {
  group: string;
  kind: string;
}

/**
 * One platform add-on of an environment: what Argo CD installs and what the
 * environment's AppProject must allow for it. The environment template
 * renders the Applications and derives the project from the same rows, so
 * the two cannot disagree.
 */
export interface PlatformAddon {
  /** Name in the template's form and prefix of the Application's name. */
  name: string;
  /**
   * A Helm chart from its chart repository (`chart`, `repoURL`, `version`),
   * or, when `path` is set, manifests from the environment's own GitOps
   * repository.
   */
  chart?: string;
  repoURL?: string;
  version?: string;
  path?: string;
  /** Namespace of the Application's destination. */
  namespace: string;
  /** Other namespaces the chart writes into, which the project must allow too. */
  otherNamespaces: string[];
  /** Cluster-scoped kinds its manifests hold (CRDs, RBAC, webhooks, ...). */
  clusterKinds: ClusterKind[];
  /** Argo CD sync wave of its Application in the app-of-apps. */
  syncWave: number;
  /** Add-ons it cannot work without; choosing it brings them. */
  requires: string[];
  /** Set for manifests that come with a chosen add-on rather than from the form. */
  comesWith?: string;
  /** The clouds it is for, when not every one. */
  clouds?: Cloud[];
  /**
   * Runs only where the environment has a store for the platform's
   * secrets: the cloud's secret manager (CLOUD_SECRET_MANAGERS) or
   * HashiCorp Vault.
   */
  needsSecretStore?: boolean;
}

/**
 * Where an environment's platform secrets come from: the cloud's secret
 * manager, or HashiCorp Vault (Kubernetes auth) on any cloud.
 */
export type SecretStoreChoice = 'cloud' | 'vault';

/**
 * The clouds whose secret manager the External Secrets Operator reads with
 * an identity of its own that the cluster layer makes: AWS Secrets Manager
 * (IRSA role), Google Secret Manager (Workload Identity account), Azure Key
 * Vault (workload identity managed identity, whose client id Azure makes up
 * at apply: platformAddonsKustomize hands it to the operator).
 */
const CLOUD_SECRET_MANAGERS: readonly Cloud[] = ['aws', 'gcp', 'azure'];

/** The clouds an environment can live in. */
export type Cloud = 'aws' | 'gcp' | 'azure';

const CRD = { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' };
const CLUSTER_ROLE = {
  group: 'rbac.authorization.k8s.io',
  kind: 'ClusterRole',
};
const CLUSTER_ROLE_BINDING = {
  group: 'rbac.authorization.k8s.io',
  kind: 'ClusterRoleBinding',
};
const VALIDATING_WEBHOOK = {
  group: 'admissionregistration.k8s.io',
  kind: 'ValidatingWebhookConfiguration',
};
const MUTATING_WEBHOOK = {
  group: 'admissionregistration.k8s.io',
  kind: 'MutatingWebhookConfiguration',
};

/**
 * The platform add-ons, in the order they are listed. Chart versions are
 * pinned, so an upgrade is a pull request in the environment's repository.
 * Cluster kinds are what each pinned chart renders with the values the
 * environment template gives it (checked against the charts' templates at
 * these versions; see the template's DECISIONS.md).
 */
export const PLATFORM_ADDONS: readonly PlatformAddon[] = [
  {
    name: 'ingress-nginx',
    chart: 'ingress-nginx',
    repoURL: 'https://kubernetes.github.io/ingress-nginx',
    version: '4.11.3',
    namespace: 'ingress-nginx',
    otherNamespaces: [],
    // templates/clusterrole.yaml, clusterrolebinding.yaml,
    // controller-ingressclass.yaml, admission-webhooks/validating-webhook.yaml
    // (and the webhook patch job's own ClusterRole and binding).
    clusterKinds: [
      CLUSTER_ROLE,
      CLUSTER_ROLE_BINDING,
      { group: 'networking.k8s.io', kind: 'IngressClass' },
      VALIDATING_WEBHOOK,
    ],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'cert-manager',
    chart: 'cert-manager',
    repoURL: 'https://charts.jetstack.io',
    version: 'v1.16.2',
    namespace: 'cert-manager',
    otherNamespaces: [],
    // crds.enabled: true renders the CRDs; webhook-mutating-webhook.yaml and
    // webhook-validating-webhook.yaml; rbac.yaml's ClusterRoles and bindings.
    clusterKinds: [
      CRD,
      CLUSTER_ROLE,
      CLUSTER_ROLE_BINDING,
      VALIDATING_WEBHOOK,
      MUTATING_WEBHOOK,
    ],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'external-dns',
    chart: 'external-dns',
    repoURL: 'https://kubernetes-sigs.github.io/external-dns',
    version: '1.15.0',
    namespace: 'external-dns',
    otherNamespaces: [],
    // rbac.create (default true): one ClusterRole and its binding.
    clusterKinds: [CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'external-secrets',
    chart: 'external-secrets',
    repoURL: 'https://charts.external-secrets.io',
    // 0.17 serves external-secrets.io/v1 only, the version grafana-admin's
    // ExternalSecret is written in (0.16 is end of life).
    version: '0.17.0',
    namespace: 'external-secrets',
    otherNamespaces: [],
    // installCRDs (default true), rbac.yaml and the cert controller's and
    // webhook's RBAC, validatingwebhook.yaml.
    clusterKinds: [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING, VALIDATING_WEBHOOK],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'kyverno',
    chart: 'kyverno',
    repoURL: 'https://kyverno.github.io/kyverno',
    // Chart 3.6.4 ships Kyverno v1.16.4 (appVersion; git tag
    // kyverno-chart-3.6.4 is commit ead0a548, the same as v1.16.4): the
    // last Kyverno line whose support range (Kubernetes 1.31-1.34) holds the
    // 1.31 the cluster modules run; 1.17 and later start at 1.32.
    version: '3.6.4',
    namespace: 'kyverno',
    otherNamespaces: [],
    // charts/crds (crds.install, default true); the ClusterRoles and
    // bindings of the four controllers and rbac/*.yaml's aggregated roles,
    // and those of the post-upgrade CRD migration hook. No webhook
    // configuration: the admission controller registers its own at run
    // time, outside Argo CD. FlowSchema and PriorityLevelConfiguration
    // only with apiPriorityAndFairness (off), the Namespace only with
    // global.templating (off).
    clusterKinds: [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'loki',
    chart: 'loki',
    // The OSS Loki chart moved to the community repository on 2026-03-16
    // (grafana/loki's own chart is now for Grafana Enterprise Logs only).
    // 18.11.0 (git tag loki-18.11.0, commit 3386a115) ships Loki 3.7.6 and
    // supports Kubernetes >= 1.25.
    repoURL: 'https://grafana-community.github.io/helm-charts',
    version: '18.11.0',
    namespace: 'monitoring',
    otherNamespaces: [],
    // templates/backend/clusterrole.yaml (unless rbac.namespaced) and
    // clusterrolebinding.yaml (with sidecar.rules.enabled, the default):
    // the rules sidecar reads ConfigMaps cluster-wide. The MinIO and
    // rollout-operator subcharts are off; no CRD, no webhook.
    clusterKinds: [CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'tempo',
    chart: 'tempo',
    // The single-binary tempo chart moved to the community repository in
    // January 2026 (its last grafana/helm-charts release, 1.24.4, is marked
    // deprecated). 2.2.4 (git tag tempo-2.2.4, commit 7d2a00b3) ships Tempo
    // 2.10.8.
    repoURL: 'https://grafana-community.github.io/helm-charts',
    version: '2.2.4',
    namespace: 'monitoring',
    otherNamespaces: [],
    // A StatefulSet, its ConfigMaps, Service and ServiceAccount: nothing
    // cluster-scoped.
    clusterKinds: [],
    syncWave: 0,
    requires: [],
  },
  {
    name: 'alloy',
    chart: 'alloy',
    // Grafana Alloy, Grafana's collector for new installs (Promtail reached
    // its end of life on 2026-03-02), as a DaemonSet: each node's pod logs
    // to Loki and, when tempo runs, OTLP traces to Tempo. 1.11.1 (git tag
    // helm-chart/1.11.1 of grafana/alloy) ships Alloy v1.18.1.
    repoURL: 'https://grafana.github.io/helm-charts',
    version: '1.11.1',
    namespace: 'monitoring',
    otherNamespaces: [],
    // templates/rbac.yaml's ClusterRole and binding (rbac.create, no
    // rbac.namespaces): pod discovery on every namespace. The crds
    // subchart's PodLogs CRD is off (crds.create: false).
    clusterKinds: [CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
    syncWave: 0,
    requires: [],
    comesWith: 'loki',
  },
  {
    name: 'velero',
    chart: 'velero',
    repoURL: 'https://vmware-tanzu.github.io/helm-charts',
    // Chart 12.1.0 (git tag velero-12.1.0 of vmware-tanzu/helm-charts,
    // commit 73466ca9) ships Velero 1.18.1, whose README expects Kubernetes
    // 1.18 and later. Its CRDs are in the chart's crds/ folder, which Argo
    // CD applies (upgradeCRDs: false, so no kubectl Job does it instead).
    version: '12.1.0',
    namespace: 'velero',
    otherNamespaces: [],
    // crds/ (the CRDs); clusterrolebinding.yaml (rbac.clusterAdministrator,
    // default true: Velero reads and restores every kind). The upgrade-crds
    // and cleanup-crds hooks are off; backupstoragelocation.yaml,
    // volumesnapshotlocation.yaml and schedule.yaml render nothing with the
    // values given (the backups folder holds them).
    clusterKinds: [CRD, CLUSTER_ROLE_BINDING],
    syncWave: 0,
    requires: [],
    // The bucket (storage account on Azure) and the identity Velero runs as
    // are the cluster layer's; Azure's managed identity client id reaches
    // the chart through platformAddonsKustomize (velero_client_id).
  },
  {
    name: 'istio-base',
    chart: 'base',
    // Istio's charts (istio-release's repository). 1.29 is the last Istio
    // line whose support range (Kubernetes 1.31-1.35) holds the 1.31 the
    // cluster modules run: 1.30 starts at 1.32. 1.29.8 (2026-09-21) is
    // its last patch and has the fixes of ISTIO-SECURITY-2026-006 (1.29.0
    // to 1.29.6 affected). Published chart versions are Istio's version.
    repoURL: 'https://istio-release.storage.googleapis.com/charts',
    version: '1.29.8',
    namespace: 'istio-system',
    otherNamespaces: [],
    // templates/crds.yaml (files/crd-all.gen.yaml) and
    // defaultrevision-validatingwebhookconfiguration.yaml (defaultRevision
    // "default"); its ValidatingAdmissionPolicy only with
    // experimental.stableValidationPolicy (off).
    clusterKinds: [CRD, VALIDATING_WEBHOOK],
    syncWave: 0,
    requires: [],
    comesWith: 'istiod',
  },
  {
    name: 'istiod',
    chart: 'istiod',
    repoURL: 'https://istio-release.storage.googleapis.com/charts',
    version: '1.29.8',
    namespace: 'istio-system',
    otherNamespaces: [],
    // clusterrole.yaml, clusterrolebinding.yaml (and the gateway
    // controller's pair), reader-clusterrole(binding).yaml,
    // mutatingwebhook.yaml, validatingwebhookconfiguration.yaml
    // (global.configValidation). No revision tags, no
    // ValidatingAdmissionPolicy (experimental), not a remote istiod.
    clusterKinds: [
      CLUSTER_ROLE,
      CLUSTER_ROLE_BINDING,
      MUTATING_WEBHOOK,
      VALIDATING_WEBHOOK,
    ],
    // After the base chart's CRDs.
    syncWave: 1,
    requires: [],
  },
  {
    name: 'istio-cni',
    chart: 'cni',
    repoURL: 'https://istio-release.storage.googleapis.com/charts',
    version: '1.29.8',
    // In istio-system beside istiod and ztunnel, as Istio's ambient Helm
    // install puts it; kube-system is excluded from its capture.
    namespace: 'istio-system',
    otherNamespaces: [],
    // clusterrole.yaml and clusterrolebinding.yaml (the node agent's, the
    // repair controller's and, with ambient.enabled, the ambient pair). No
    // NetworkAttachmentDefinition (provider default, not multus).
    clusterKinds: [CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
    syncWave: 1,
    requires: [],
    comesWith: 'istiod',
  },
  {
    name: 'ztunnel',
    chart: 'ztunnel',
    repoURL: 'https://istio-release.storage.googleapis.com/charts',
    version: '1.29.8',
    namespace: 'istio-system',
    otherNamespaces: [],
    // rbac.yaml renders only on OpenShift: a DaemonSet, its ServiceAccount
    // and (GKE) a ResourceQuota, all namespaced.
    clusterKinds: [],
    syncWave: 1,
    requires: [],
    comesWith: 'istiod',
  },
  {
    name: 'mesh-policy',
    path: 'platform/mesh-policy',
    // The mesh-wide PeerAuthentication lives in Istio's root namespace.
    namespace: 'istio-system',
    otherNamespaces: [],
    clusterKinds: [],
    // After istiod, whose webhook validates it.
    syncWave: 2,
    requires: ['istiod'],
    comesWith: 'istiod',
  },
  {
    name: 'backups',
    path: 'platform/backups',
    // Velero's BackupStorageLocation, VolumeSnapshotLocation and Schedule
    // live in its own namespace.
    namespace: 'velero',
    otherNamespaces: [],
    clusterKinds: [],
    // After Velero's CRDs.
    syncWave: 1,
    requires: ['velero'],
    comesWith: 'velero',
  },
  {
    name: 'cluster-issuers',
    path: 'platform/cluster-issuers',
    // The ACME account keys of ClusterIssuers live in cert-manager's
    // cluster resource namespace (by default its own namespace).
    namespace: 'cert-manager',
    otherNamespaces: [],
    clusterKinds: [{ group: 'cert-manager.io', kind: 'ClusterIssuer' }],
    // After cert-manager's CRDs and webhook.
    syncWave: 1,
    requires: ['cert-manager'],
    comesWith: 'cert-manager',
  },
  {
    name: 'secret-store',
    path: 'platform/secret-store',
    // The ClusterSecretStore of the platform's own secrets, in the cloud's
    // secret manager, read by the operator's own identity (IRSA, Workload
    // Identity, AKS workload identity) that the cluster layer creates.
    namespace: 'external-secrets',
    otherNamespaces: [],
    clusterKinds: [
      { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
    ],
    // After external-secrets' CRDs.
    syncWave: 1,
    requires: ['external-secrets'],
    comesWith: 'external-secrets',
    needsSecretStore: true,
  },
  {
    name: 'grafana-admin',
    path: 'platform/grafana-admin',
    namespace: 'monitoring',
    otherNamespaces: [],
    clusterKinds: [],
    // After external-secrets' CRDs, before Grafana starts.
    syncWave: 1,
    requires: ['external-secrets'],
    comesWith: 'kube-prometheus-stack',
  },
  {
    name: 'alertmanager-smtp',
    path: 'platform/alertmanager-smtp',
    // Alertmanager's configuration, written by the External Secrets
    // Operator from the SMTP settings in the cloud's secret manager (through
    // the platform ClusterSecretStore), so no SMTP credential is in Git.
    namespace: 'monitoring',
    otherNamespaces: [],
    clusterKinds: [],
    // After external-secrets' CRDs and the store, before Alertmanager.
    syncWave: 1,
    requires: ['external-secrets'],
    comesWith: 'kube-prometheus-stack',
    // Its SMTP settings come through the platform store (secret-store).
    needsSecretStore: true,
  },
  {
    name: 'kyverno-policies',
    path: 'platform/kyverno-policies',
    // ClusterPolicies are cluster-scoped; the destination namespace only
    // names where the Application points.
    namespace: 'kyverno',
    otherNamespaces: [],
    // The baseline's ClusterPolicies; the portal's read-only access to the
    // policy reports (policy-report-reader.yaml).
    clusterKinds: [
      { group: 'kyverno.io', kind: 'ClusterPolicy' },
      CLUSTER_ROLE,
      CLUSTER_ROLE_BINDING,
    ],
    // After Kyverno's CRDs.
    syncWave: 1,
    requires: ['kyverno'],
    comesWith: 'kyverno',
  },
  {
    name: 'kube-prometheus-stack',
    chart: 'kube-prometheus-stack',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '66.3.1',
    namespace: 'monitoring',
    // templates/exporters/{core-dns,kube-controller-manager,kube-etcd,
    // kube-proxy,kube-scheduler}/service.yaml are Services in kube-system.
    otherNamespaces: ['kube-system'],
    // The crds subchart; the operator's admission webhooks; ClusterRoles and
    // bindings of the operator, Prometheus, Grafana and kube-state-metrics.
    clusterKinds: [
      CRD,
      CLUSTER_ROLE,
      CLUSTER_ROLE_BINDING,
      VALIDATING_WEBHOOK,
      MUTATING_WEBHOOK,
    ],
    // After grafana-admin, whose Secret Grafana reads at start.
    syncWave: 2,
    requires: ['external-secrets'],
  },
];

/** The add-ons a person can choose in the form. */
export const CHOOSABLE_ADDONS = PLATFORM_ADDONS.filter(a => !a.comesWith).map(
  a => a.name,
);

/** The add-on that brings the service mesh (Istio ambient) with it. */
export const SERVICE_MESH_ADDON = 'istiod';

/**
 * The environment form's service mesh choice: `on`, `off`, or `default`
 * (also when absent, for REST and MCP callers), which is on in staging and
 * production and off in the first stage (dev).
 */
export type ServiceMeshChoice = 'default' | 'on' | 'off';

/**
 * The add-ons chosen in the form plus the mesh when it runs: the choice
 * `on`, or `default` where `meshByDefault` (the environment is production
 * or not the first of groundwork.environments' stages).
 */
export function platformAddonChoice(
  chosen: readonly string[] | undefined,
  serviceMesh: ServiceMeshChoice | undefined,
  meshByDefault: boolean,
): string[] {
  const names = (chosen ?? []).filter(n => n !== SERVICE_MESH_ADDON);
  const mesh =
    serviceMesh === 'on' || (serviceMesh !== 'off' && meshByDefault === true);
  return mesh ? [...names, SERVICE_MESH_ADDON] : names;
}

/**
 * The add-ons an environment runs for the chosen ones: each chosen add-on,
 * what it requires, and the manifests that come with it, in sync-wave order
 * (table order within a wave), less those that are not for its cloud (when
 * one is given) and those that need a secret store where there is none (on
 * Azure unless the store is Vault). An unknown name is refused.
 */
export function platformAddonsFor(
  chosen: readonly string[],
  cloud?: Cloud,
  secretStore: SecretStoreChoice = 'cloud',
): PlatformAddon[] {
  const unknown = chosen.filter(n => !CHOOSABLE_ADDONS.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown platform add-on ${unknown.join(
        ', ',
      )}; choose from ${CHOOSABLE_ADDONS.join(', ')}`,
    );
  }
  const enabled = new Set<string>(chosen);
  let grew = true;
  while (grew) {
    grew = false;
    for (const addon of PLATFORM_ADDONS) {
      const wanted =
        enabled.has(addon.name) ||
        (addon.comesWith !== undefined && enabled.has(addon.comesWith));
      for (const name of wanted ? [addon.name, ...addon.requires] : []) {
        if (!enabled.has(name)) {
          enabled.add(name);
          grew = true;
        }
      }
    }
  }
  const hasStore =
    secretStore === 'vault' || !cloud || CLOUD_SECRET_MANAGERS.includes(cloud);
  return PLATFORM_ADDONS.filter(
    a =>
      enabled.has(a.name) &&
      (!cloud || !a.clouds || a.clouds.includes(cloud)) &&
      (!a.needsSecretStore || hasStore),
  )
    .map((a, index) => ({ a, index }))
    .sort((x, y) => x.a.syncWave - y.a.syncWave || x.index - y.index)
    .map(({ a }) => JSON.parse(JSON.stringify(a)) as PlatformAddon);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The spec of the environment's `platform-<env>` AppProject, for
 * argocd:create-app's `projectSpec` (central delivery) and the delivery
 * layer's argocd-apps release (in-cluster delivery): the GitOps repository
 * and every add-on's chart repository (exact URLs), `argocd` on `server`
 * (the cluster of the Argo CD that holds the app-of-apps) and every add-on's
 * namespaces on the cluster the add-ons go to, and exactly the
 * cluster-scoped kinds the add-ons create, plus `Namespace` for
 * CreateNamespace=true (Argo CD checks that kind against the project too).
 *
 * The add-ons go to `server` too, unless `clusterName` is given: then they
 * target the cluster registered with Argo CD under that name (central
 * delivery), and the project permits that destination by name, as the
 * add-on Applications name it.
 *
 * It covers every add-on of the table, not only the chosen ones: adding
 * one later is a pull request in the environment's repository, and the
 * same spec on every run lets argocd:create-app reuse the project rather
 * than refuse a changed one.
 */
export function platformAddonsProjectSpec(
  gitopsRepoURL: string,
  server: string,
  environment: string,
  clusterName?: string,
) {
  const addonNamespaces = uniqueBy(
    PLATFORM_ADDONS.flatMap(a => [a.namespace, ...a.otherNamespaces]),
    n => n,
  );
  const addonCluster = clusterName ? { name: clusterName } : { server };
  return {
    description: `Platform add-ons of the ${environment} environment (Groundwork environment template)`,
    sourceRepos: uniqueBy(
      [
        gitopsRepoURL,
        ...PLATFORM_ADDONS.flatMap(a => (a.repoURL ? [a.repoURL] : [])),
      ],
      r => r,
    ),
    destinations: [
      { server, namespace: 'argocd' },
      ...addonNamespaces.map(namespace => ({ ...addonCluster, namespace })),
    ],
    clusterResourceWhitelist: uniqueBy(
      [
        { group: '', kind: 'Namespace' },
        ...PLATFORM_ADDONS.flatMap(a => a.clusterKinds),
      ],
      k => `${k.group}/${k.kind}`,
    ),
  };
}

/**
 * The cluster layer's outputs that only exist once it applied and that an
 * add-on's Helm values need, with where they go: Azure's managed identities
 * get a client id Azure makes up, which the workload identity webhook reads
 * from the ServiceAccount's annotation.
 */
const CLUSTER_OUTPUT_VALUES: Record<
  string,
  { addon: string; values: (value: string) => Record<string, unknown> }
> = {
  // The External Secrets Operator's managed identity (secret-store, Azure).
  external_secrets_client_id: {
    addon: 'external-secrets',
    values: clientId => ({
      serviceAccount: {
        annotations: { 'azure.workload.identity/client-id': clientId },
      },
    }),
  },
  // Velero's managed identity (backups, Azure), on the chart's server
  // ServiceAccount (serviceAccount.server, velero/velero).
  velero_client_id: {
    addon: 'velero',
    values: clientId => ({
      serviceAccount: {
        server: {
          annotations: { 'azure.workload.identity/client-id': clientId },
        },
      },
    }),
  },
};

const ENVIRONMENT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The app-of-apps' `source.kustomize` (argocd:create-app, or the delivery
 * layer's argocd-apps release, which writes the same patch in HCL) that
 * hands the add-ons the cluster layer's outputs known only after apply: for
 * each such output, a JSON patch (RFC 6902) of that add-on's Application
 * that adds Helm values with it (`spec.sources[0].helm.valuesObject`, over
 * the values file of the repository; `sources[0]` is the chart, see
 * platform/addons/applications.yaml). `{}` when there is none (AWS and GCP
 * name their identities before apply). The output is data: it is
 * JSON-encoded as the value of one fixed path, so it cannot add anything
 * else to the Application; a value that is not a string is refused.
 */
export function platformAddonsKustomize(
  environment: string,
  clusterOutputs: Record<string, unknown> | undefined | null,
): Record<string, unknown> {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new Error(
      `platformAddonsKustomize: "${environment}" is not an environment name.`,
    );
  }
  const patches = Object.entries(CLUSTER_OUTPUT_VALUES).flatMap(
    ([output, { addon, values }]) => {
      const value = clusterOutputs?.[output];
      if (value === undefined || value === null) return [];
      if (typeof value !== 'string' || value === '') {
        throw new Error(
          `platformAddonsKustomize: the cluster layer's output ${output} is ${JSON.stringify(
            value,
          )}, not a client id.`,
        );
      }
      return [
        {
          target: {
            group: 'argoproj.io',
            kind: 'Application',
            name: `${addon}-${environment}`,
          },
          // JSON is YAML: kustomize reads a list of operations as RFC 6902.
          patch: JSON.stringify([
            {
              op: 'add',
              path: '/spec/sources/0/helm/valuesObject',
              value: values(value),
            },
          ]),
        },
      ];
    },
  );
  return patches.length > 0 ? { patches } : {};
}

/** `${{ platformAddons(parameters.addons, parameters.cloud) }}`: the rows an environment runs. */
export const platformAddonsGlobal = createTemplateGlobalFunction({
  id: 'platformAddons',
  description:
    "The platform add-ons an environment runs for the chosen names: each chosen add-on, what it requires, and the manifests that come with it, in sync-wave order. Each row has the add-on's name, chart, repoURL and version (or path, for manifests from the environment's GitOps repository), namespace, otherNamespaces, clusterKinds, syncWave and requires.",
  schema: z =>
    z
      .function()
      .args(
        z.array(z.string()).describe('Chosen add-on names'),
        z
          .enum(['aws', 'gcp', 'azure'])
          .optional()
          .describe(
            "The environment's cloud: rows for other clouds are left out",
          ),
        z
          .enum(['cloud', 'vault'])
          .optional()
          .describe(
            "Where the platform's secrets come from (default cloud): rows that need a store are left out where there is none",
          ),
      )
      .returns(z.array(z.record(z.any())).describe('Add-on rows')),
  examples: [
    {
      description: 'The add-ons of the form, for fetch:template',
      example:
        'platformAddons: ${{ platformAddons(parameters.addons, parameters.cloud) }}',
    },
  ],
  fn: (chosen, cloud, secretStore) =>
    platformAddonsFor(chosen, cloud, secretStore) as any,
});

/**
 * `${{ platformAddonsKustomize(parameters.environment, steps.cluster.output.outputs) }}`
 * for the app-of-apps' `source.kustomize`.
 */
export const platformAddonsKustomizeGlobal = createTemplateGlobalFunction({
  id: 'platformAddonsKustomize',
  description:
    "The add-ons app-of-apps' source.kustomize: JSON patches that give add-on Applications the cluster layer's outputs known only after apply as Helm values (Azure: the managed identity client ids of the External Secrets Operator and of Velero on their ServiceAccounts); {} when there are none.",
  schema: z =>
    z
      .function()
      .args(
        z.string().describe('Environment name'),
        z
          .record(z.any())
          .nullish()
          .describe("The cluster layer's outputs (terraform:apply outputs)"),
      )
      .returns(z.record(z.any()).describe('source.kustomize')),
  examples: [
    {
      description: "The cluster's identities on the add-ons",
      example:
        'kustomize: ${{ platformAddonsKustomize(parameters.environment, steps.cluster.output.outputs) }}',
    },
  ],
  fn: (environment, outputs) =>
    platformAddonsKustomize(environment, outputs) as any,
});

/**
 * `${{ platformAddonNames(parameters.addons, parameters.cloud) }}`: the names
 * of the rows an environment runs, so that a skeleton renders a folder of
 * manifests exactly when its add-on runs (`'secret-store' in
 * values.addonNames`) instead of repeating the table's rules.
 */
export const platformAddonNamesGlobal = createTemplateGlobalFunction({
  id: 'platformAddonNames',
  description:
    'The names of the platform add-ons an environment runs for the chosen names and cloud (the rows of platformAddons), for conditions in a skeleton.',
  schema: z =>
    z
      .function()
      .args(
        z.array(z.string()).describe('Chosen add-on names'),
        z
          .enum(['aws', 'gcp', 'azure'])
          .optional()
          .describe("The environment's cloud"),
        z
          .enum(['cloud', 'vault'])
          .optional()
          .describe("Where the platform's secrets come from (default cloud)"),
      )
      .returns(z.array(z.string()).describe('Add-on names')),
  examples: [
    {
      description: 'The add-ons that run, for conditions in fetch:template',
      example:
        'addonNames: ${{ platformAddonNames(parameters.addons, parameters.cloud) }}',
    },
  ],
  fn: (chosen, cloud, secretStore) =>
    platformAddonsFor(chosen, cloud, secretStore).map(a => a.name),
});

/**
 * `${{ platformAddonChoice(parameters.addons, parameters.serviceMesh,
 * meshByDefault) }}`: the names to give platformAddons and
 * platformAddonNames.
 */
export const platformAddonChoiceGlobal = createTemplateGlobalFunction({
  id: 'platformAddonChoice',
  description:
    "The add-ons an environment asks for: those chosen in the form, plus the service mesh (istiod, which brings Istio's base, CNI and ztunnel charts and the mesh-wide mTLS policy) when the form's serviceMesh choice is 'on', or is 'default' or absent and the third argument is true (production, or not the first stage).",
  schema: z =>
    z
      .function()
      .args(
        z.array(z.string()).optional().describe('Add-ons chosen in the form'),
        z
          .enum(['default', 'on', 'off'])
          .optional()
          .describe("The form's service mesh choice"),
        z
          .boolean()
          .describe(
            'Whether the mesh runs by default here (staging and production)',
          ),
      )
      .returns(z.array(z.string()).describe('Add-on names')),
  examples: [
    {
      description: 'The chosen add-ons with the mesh where it runs',
      example:
        'addons: ${{ platformAddonChoice(parameters.addons, parameters.serviceMesh, steps.resolve.output.environments[0].production or parameters.environment != steps.stages.output.environmentNames[0]) }}',
    },
  ],
  fn: (chosen, serviceMesh, meshByDefault) =>
    platformAddonChoice(chosen, serviceMesh, meshByDefault),
});

/**
 * `${{ platformAddonsProject(repoURL, server, env[, clusterName]) }}`: the
 * AppProject spec.
 */
export const platformAddonsProjectGlobal = createTemplateGlobalFunction({
  id: 'platformAddonsProject',
  description:
    "The spec of an environment's platform AppProject (argocd:create-app projectSpec, or the in-cluster delivery layer's project), derived from the same add-on table as platformAddons: the GitOps repository and each add-on's chart repository, argocd on the given cluster (where the app-of-apps lives), each add-on's namespaces on the cluster the add-ons go to (the given cluster, or the registered cluster named by the fourth argument), and exactly the cluster-scoped kinds the add-ons create.",
  schema: z =>
    z
      .function()
      .args(
        z.string().describe('GitOps repository URL of the environment'),
        z
          .string()
          .describe(
            'Cluster API URL of the Argo CD that holds the app-of-apps (and of the add-ons, unless a cluster name is given)',
          ),
        z.string().describe('Environment name'),
        z
          .string()
          .optional()
          .describe(
            'Name of the cluster registered with Argo CD that the add-ons target (central delivery); omit when they go to the server above',
          ),
      )
      .returns(z.record(z.any()).describe('AppProject spec')),
  examples: [
    {
      description:
        "The project of the add-ons app-of-apps, when the environment's own Argo CD delivers them",
      example:
        "projectSpec: ${{ platformAddonsProject('https://github.com/acme/platform-dev.git', 'https://kubernetes.default.svc', 'dev') }}",
    },
    {
      description:
        'The same, when a central Argo CD delivers them to the cluster it registered as platform-dev',
      example:
        "projectSpec: ${{ platformAddonsProject('https://github.com/acme/platform-dev.git', 'https://kubernetes.default.svc', 'dev', 'platform-dev') }}",
    },
  ],
  fn: (repo, server, environment, clusterName) =>
    platformAddonsProjectSpec(repo, server, environment, clusterName),
});
