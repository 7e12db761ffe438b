import { isPrerequisite, Prerequisite } from './prerequisites';

/**
 * References between the Kubernetes objects that land in one cluster (one
 * environment), and from them to IAM roles: each must resolve in what the
 * platform renders or in PREREQUISITES.md. Pure functions over a model the
 * coherence test builds from the rendered repositories.
 */

interface ClusterObject {
  object: any;
  /** Where it was rendered, for the finding. */
  from: string;
}

/** A Helm chart an Argo CD Application installs. */
interface ChartRelease {
  chart: string;
  namespace: string;
  values: any;
  from: string;
}

interface IamRole {
  account: string;
  name: string;
  /** The Terraform root that creates it. */
  root: string;
  /** Whether a template step applies that root. */
  applied: boolean;
  /**
   * The web-identity subjects (`system:serviceaccount:<ns>:<name>`) its
   * trust policy admits; undefined when the plan does not know the policy.
   */
  trustedSubjects?: string[];
}

export interface Cluster {
  environment: string;
  /** The cloud account the cluster runs in. */
  account: string;
  objects: ClusterObject[];
  /** Namespaces Argo CD creates (syncOption CreateNamespace=true). */
  createdNamespaces: Array<{ namespace: string; from: string }>;
  charts: ChartRelease[];
  iamRoles: IamRole[];
}

/**
 * What the charts the environment template installs create, by their
 * default values (the objects other manifests refer to, and the
 * cluster-scoped kinds Argo CD must be allowed to create):
 * ingress-nginx charts/ingress-nginx/values.yaml
 * (controller.ingressClassResource.name: nginx) and templates/;
 * cert-manager deploy/charts/cert-manager/templates (CRDs with
 * crds.enabled, webhooks, ClusterRoles; it issues the Secret an Ingress
 * names in tls[].secretName when annotated with an issuer);
 * external-dns charts/external-dns/templates (ClusterRole);
 * loki, tempo (grafana-community/helm-charts charts/) and alloy
 * (grafana/alloy operations/helm/charts/alloy) templates/;
 * kube-prometheus-stack templates/ (CRDs, ClusterRoles, webhooks).
 */
export const CHARTS: Record<
  string,
  { provides: Array<{ kind: string; name: string }>; clusterKinds: string[] }
> = {
  'ingress-nginx': {
    provides: [{ kind: 'IngressClass', name: 'nginx' }],
    clusterKinds: [
      'ClusterRole',
      'ClusterRoleBinding',
      'IngressClass',
      'ValidatingWebhookConfiguration',
    ],
  },
  'cert-manager': {
    provides: [],
    clusterKinds: [
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
    ],
  },
  'external-dns': {
    provides: [],
    clusterKinds: ['ClusterRole', 'ClusterRoleBinding'],
  },
  // Kyverno registers its own webhook configurations at run time (not
  // from the chart, so Argo CD never applies them).
  kyverno: {
    provides: [],
    clusterKinds: [
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
    ],
  },
  // The rules sidecar's ClusterRole and binding (Loki 18.11.0,
  // templates/backend/); MinIO and the rollout operator are off.
  loki: {
    provides: [],
    clusterKinds: ['ClusterRole', 'ClusterRoleBinding'],
  },
  // tempo 2.2.4 renders nothing cluster-scoped.
  tempo: {
    provides: [],
    clusterKinds: [],
  },
  // templates/rbac.yaml without rbac.namespaces; the PodLogs CRD only with
  // crds.create, which the template turns off.
  alloy: {
    provides: [],
    clusterKinds: ['ClusterRole', 'ClusterRoleBinding'],
  },
  'kube-prometheus-stack': {
    provides: [],
    clusterKinds: [
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
    ],
  },
};

/** Kinds that are not namespaced (those the templates can render). */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterIssuer',
  'ClusterPolicy',
  'IngressClass',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

const ARGOCD_KINDS = new Set(['Application', 'AppProject', 'ApplicationSet']);

const nsOf = (o: any) =>
  CLUSTER_SCOPED.has(o?.kind) ? '' : String(o?.metadata?.namespace ?? '');
const idOf = (o: any) =>
  `${o.kind} ${nsOf(o) ? `${nsOf(o)}/` : ''}${o.metadata?.name}`;

class Resolver {
  constructor(
    readonly cluster: Cluster,
    readonly prerequisites: Prerequisite[],
  ) {}

  has(kind: string, name: string, namespace = ''): boolean {
    const c = this.cluster;
    if (
      c.objects.some(
        ({ object: o }) =>
          o.kind === kind && o.metadata?.name === name && nsOf(o) === namespace,
      )
    )
      return true;
    if (
      kind === 'Namespace' &&
      c.createdNamespaces.some(n => n.namespace === name)
    )
      return true;
    // External Secrets Operator writes an ExternalSecret's target Secret
    // (spec.target.name, else the ExternalSecret's own name), when installed.
    if (
      kind === 'Secret' &&
      this.hasChart('external-secrets') &&
      c.objects.some(
        ({ object: o }) =>
          o.kind === 'ExternalSecret' &&
          (o.spec?.target?.name ?? o.metadata?.name) === name &&
          nsOf(o) === namespace,
      )
    )
      return true;
    if (
      c.charts.some(r =>
        (CHARTS[r.chart]?.provides ?? []).some(
          p => p.kind === kind && p.name === name,
        ),
      )
    )
      return true;
    return isPrerequisite(
      this.prerequisites,
      kind,
      name,
      namespace,
      c.environment,
    );
  }

  hasChart(chart: string) {
    return this.cluster.charts.some(r => r.chart === chart);
  }
}

function podSpecOf(o: any): any | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

/** Secrets and ConfigMaps a pod spec names, with its service account. */
function podReferences(pod: any) {
  const secrets: string[] = [];
  const configMaps: string[] = [];
  for (const v of pod.volumes ?? []) {
    if (v.secret?.secretName && !v.secret.optional)
      secrets.push(v.secret.secretName);
    if (v.configMap?.name && !v.configMap.optional)
      configMaps.push(v.configMap.name);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name && !s.secret.optional) secrets.push(s.secret.name);
      if (s.configMap?.name && !s.configMap.optional)
        configMaps.push(s.configMap.name);
    }
  }
  for (const s of pod.imagePullSecrets ?? []) secrets.push(s.name);
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name && !e.secretRef.optional)
        secrets.push(e.secretRef.name);
      if (e.configMapRef?.name && !e.configMapRef.optional)
        configMaps.push(e.configMapRef.name);
    }
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      if (s?.name && !s.optional) secrets.push(s.name);
      const m = e.valueFrom?.configMapKeyRef;
      if (m?.name && !m.optional) configMaps.push(m.name);
    }
  }
  return {
    secrets,
    configMaps,
    serviceAccount: pod.serviceAccountName ?? 'default',
  };
}

/** Every value under a key of that name in a Helm values tree. */
function valuesAt(values: any, key: string, path = ''): Array<[string, any]> {
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values).flatMap(([k, v]) => [
    ...(k === key ? [[`${path}${k}`, v] as [string, any]] : []),
    ...valuesAt(v, key, `${path}${k}.`),
  ]);
}

const IRSA = 'eks.amazonaws.com/role-arn';

/** IAM's StringLike: `*` any run, `?` one character. */
const globLike = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);
const ROLE_ARN =
  /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

function irsaFinding(
  r: Resolver,
  where: string,
  arn: string,
  /** The service account that presents the token, when known. */
  subject?: string,
): string | undefined {
  const c = r.cluster;
  const m = ROLE_ARN.exec(arn);
  if (!m) return `${where} names role ${arn}, which is not an IAM role ARN`;
  const [, account, name] = m;
  if (account !== c.account)
    return `${where} assumes role ${arn} in account ${account}, but the ${c.environment} cluster runs in ${c.account}`;
  const role = c.iamRoles.find(x => x.account === account && x.name === name);
  if (!role) {
    if (isPrerequisite(r.prerequisites, 'IAMRole', name, '', c.environment))
      return undefined;
    return `${where} assumes role ${arn}, which no rendered Terraform creates`;
  }
  if (!role.applied)
    return `${where} assumes role ${arn}, which ${role.root} creates but no template step applies`;
  if (
    subject &&
    role.trustedSubjects &&
    !role.trustedSubjects.some(s => globLike(s, subject))
  )
    return `${where} assumes role ${arn}, whose trust policy admits ${
      role.trustedSubjects.join(', ') || 'no service account'
    }, not ${subject}`;
  return undefined;
}

/** Every reference of the cluster's objects that resolves nowhere. */
export function clusterReferenceFindings(
  cluster: Cluster,
  prerequisites: Prerequisite[],
): string[] {
  const r = new Resolver(cluster, prerequisites);
  const env = cluster.environment;
  const out: string[] = [];
  const say = (check: string, message: string) =>
    out.push(`${check} ${env}: ${message}`);

  for (const { object: o, from } of cluster.objects) {
    const ns = nsOf(o);
    const id = `${idOf(o)} (${from})`;
    // Argo CD's own objects live in its namespace: argoCdFindings checks
    // that an Argo CD runs in the cluster.
    if (ns && !ARGOCD_KINDS.has(o.kind) && !r.has('Namespace', ns))
      say('namespace', `${id} is in namespace ${ns}, which nothing creates`);
    const pod = podSpecOf(o);
    if (pod && (pod.containers || pod.initContainers)) {
      const refs = podReferences(pod);
      for (const s of refs.secrets)
        if (!r.has('Secret', s, ns))
          say('secret', `${id} uses Secret ${ns}/${s}, which nothing creates`);
      for (const m of refs.configMaps)
        if (!r.has('ConfigMap', m, ns))
          say(
            'configmap',
            `${id} uses ConfigMap ${ns}/${m}, which nothing creates`,
          );
      // Kubernetes creates `default` in every namespace.
      if (
        refs.serviceAccount !== 'default' &&
        !r.has('ServiceAccount', refs.serviceAccount, ns)
      )
        say(
          'serviceaccount',
          `${id} runs as ServiceAccount ${ns}/${refs.serviceAccount}, which nothing creates`,
        );
    }
    const arn = o.metadata?.annotations?.[IRSA];
    if (o.kind === 'ServiceAccount' && arn) {
      const f = irsaFinding(
        r,
        id,
        arn,
        `system:serviceaccount:${ns}:${o.metadata?.name}`,
      );
      if (f) say('iam-role', f);
    }
    if (o.kind === 'Ingress') {
      const ann = o.metadata?.annotations ?? {};
      const clusterIssuer = ann['cert-manager.io/cluster-issuer'];
      const issuer = ann['cert-manager.io/issuer'];
      if (clusterIssuer && !r.has('ClusterIssuer', clusterIssuer))
        say(
          'issuer',
          `${id} asks cert-manager for ClusterIssuer ${clusterIssuer}, which nothing creates`,
        );
      if (issuer && !r.has('Issuer', issuer, ns))
        say(
          'issuer',
          `${id} asks cert-manager for Issuer ${ns}/${issuer}, which nothing creates`,
        );
      if ((clusterIssuer || issuer) && !r.hasChart('cert-manager'))
        say(
          'issuer',
          `${id} needs cert-manager, which the cluster does not run`,
        );
      const cls = o.spec?.ingressClassName;
      if (cls && !r.has('IngressClass', cls))
        say(
          'ingressclass',
          `${id} uses IngressClass ${cls}, which nothing creates`,
        );
      for (const tls of o.spec?.tls ?? []) {
        // cert-manager's ingress-shim issues the Secret of an annotated Ingress.
        const issued = (clusterIssuer || issuer) && r.hasChart('cert-manager');
        if (tls.secretName && !issued && !r.has('Secret', tls.secretName, ns))
          say(
            'secret',
            `${id} serves TLS from Secret ${ns}/${tls.secretName}, which nothing creates`,
          );
      }
    }
    if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      const ref = o.roleRef ?? {};
      const roleNs = ref.kind === 'Role' ? ns : '';
      if (ref.kind && !r.has(ref.kind, ref.name, roleNs))
        say(
          'role',
          `${id} binds ${ref.kind} ${ref.name}, which nothing creates`,
        );
    }
  }

  for (const rel of cluster.charts) {
    const where = `chart ${rel.chart} in ${rel.namespace} (${rel.from})`;
    // existingSecret (Grafana's admin), and kube-prometheus-stack's
    // alertmanagerSpec.configSecret: a Secret the chart does not write.
    for (const [key, v] of [
      ...valuesAt(rel.values, 'existingSecret'),
      ...valuesAt(rel.values, 'configSecret'),
    ]) {
      if (typeof v === 'string' && v && !r.has('Secret', v, rel.namespace))
        say(
          'secret',
          `${where} value ${key} names Secret ${rel.namespace}/${v}, which nothing creates`,
        );
    }
    for (const [key, v] of valuesAt(rel.values, 'annotations')) {
      const arn = v?.[IRSA];
      if (typeof arn === 'string') {
        const f = irsaFinding(r, `${where} value ${key}`, arn);
        if (f) say('iam-role', f);
      }
    }
  }
  return out;
}

/**
 * Public host names: each must be inside the DNS zone external-dns manages
 * in the cluster that serves it (its domainFilters), and no two clusters
 * may serve the same name (their DNS updates would fight over one record).
 */
export function hostnameFindings(clusters: Cluster[]): string[] {
  const out: string[] = [];
  const servedBy = new Map<string, string[]>();
  for (const c of clusters) {
    const zones = c.charts
      .filter(x => x.chart === 'external-dns')
      .flatMap(x => (x.values?.domainFilters ?? []) as string[]);
    for (const { object: o, from } of c.objects) {
      if (o.kind !== 'Ingress') continue;
      for (const rule of o.spec?.rules ?? []) {
        const host = rule.host as string | undefined;
        if (!host) continue;
        servedBy.set(host, [...(servedBy.get(host) ?? []), c.environment]);
        if (
          zones.length &&
          !zones.some(z => host === z || host.endsWith(`.${z}`))
        )
          out.push(
            `hostname ${c.environment}: ${idOf(
              o,
            )} (${from}) serves ${host}, outside the zone external-dns manages there (${zones.join(
              ', ',
            )})`,
          );
      }
    }
  }
  for (const [host, envs] of servedBy) {
    const unique = [...new Set(envs)];
    if (unique.length > 1)
      out.push(
        `hostname: ${host} is served by the clusters of ${unique.join(', ')}`,
      );
  }
  return out;
}
