import { isPrerequisite, Prerequisite } from './prerequisites';

/**
 * Argo CD references: an Application's project exists on its instance and
 * permits its sources, destination and the kinds it deploys (Argo CD
 * refuses the sync otherwise: argo-cd pkg/apis/application/v1alpha1
 * AppProject.IsSourcePermitted, IsDestinationPermitted,
 * IsGroupKindPermitted; a project without clusterResourceWhitelist allows
 * no cluster-scoped kind); its Git source path exists; a destination of
 * `https://kubernetes.default.svc` is the cluster the Argo CD instance runs
 * in, so it reaches an environment's cluster only when that instance was
 * installed there (a Terraform helm_release of argo-cd, or an argo-cd
 * chart Application); a destination by `name` reaches a cluster only when
 * it is registered with the instance under that name (argo-cd
 * util/argo ValidateDestination looks the name up in its clusters; the
 * templates register with argocd:register-cluster); RBAC policy lines name
 * projects that exist.
 */

export interface ArgoApp {
  environment: string;
  /** The Argo CD instance that holds it. */
  instance: string;
  application: any;
  from: string;
  /** What its source deploys, when the platform renders it. */
  objects?: any[];
  /** For a chart source: the cluster-scoped kinds the chart creates. */
  chartClusterKinds?: string[];
}

interface ArgoModel {
  apps: ArgoApp[];
  /** AppProjects per instance (rendered by argocd:create-app or in a GitOps repo). */
  projects: Array<{ instance: string; project: any }>;
  /** Rendered repositories by clone URL: their files. */
  repos: Map<string, Map<string, string>>;
  /** Environments whose cluster runs the Argo CD instance that deploys to it. */
  argoCdInCluster: Set<string>;
  /** Clusters registered with an instance (argocd:register-cluster), by name. */
  registeredClusters?: Array<{
    instance: string;
    name: string;
    environment: string;
  }>;
}

/** Kinds that are Argo CD's own objects, which live beside Argo CD. */
const ARGO_CD_KINDS = new Set(['Application', 'AppProject', 'ApplicationSet']);
/** Argo CD's own ConfigMaps (argo-cd docs: operator-manual/argocd-*-cm.yaml). */
const ARGO_CD_CONFIG = new Set([
  'argocd-cm',
  'argocd-rbac-cm',
  'argocd-cmd-params-cm',
]);

/** Argo CD's glob (gobwas/glob as Argo CD uses it: `*` matches any run). */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) return false;
  const re = pattern
    .split('*')
    .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(value);
}

const GROUPS: Record<string, string> = {
  ClusterRole: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  IngressClass: 'networking.k8s.io',
  CustomResourceDefinition: 'apiextensions.k8s.io',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ClusterIssuer: 'cert-manager.io',
  ClusterPolicy: 'kyverno.io',
  Namespace: '',
};

const groupOf = (o: any) =>
  String(o.apiVersion ?? '').includes('/')
    ? String(o.apiVersion).split('/')[0]
    : '';

function kindPermitted(project: any, group: string, kind: string): boolean {
  return (project.spec?.clusterResourceWhitelist ?? []).some(
    (w: any) =>
      globMatch(w.group ?? '', group) && globMatch(w.kind ?? '', kind),
  );
}

export function argoCdFindings(
  model: ArgoModel,
  prerequisites: Prerequisite[],
  clusterScoped: Set<string>,
): string[] {
  const grouped = new Map<string, Set<string>>();
  const add = (key: string, item: string) =>
    grouped.set(key, (grouped.get(key) ?? new Set()).add(item));
  const out: string[] = [];

  const inCluster = new Set<string>();
  const registered = model.registeredClusters ?? [];
  for (const a of model.apps) {
    const app = a.application;
    const name = app.metadata?.name;
    const env = a.environment;
    const dest = app.spec?.destination ?? {};
    // An app-of-apps whose objects are all Argo CD's own, in its namespace
    // (Applications, projects, its configuration such as argocd-rbac-cm):
    // they live beside the Argo CD that holds them, wherever it runs.
    const onlyArgoCdObjects =
      (a.objects ?? []).length > 0 &&
      a.objects!.every(
        o =>
          ARGO_CD_KINDS.has(o.kind) ||
          (o.kind === 'ConfigMap' && ARGO_CD_CONFIG.has(o.metadata?.name)),
      ) &&
      dest.namespace === 'argocd';
    const envRegistration = registered.find(
      r => r.instance === a.instance && r.environment === env,
    );
    if (
      dest.server === 'https://kubernetes.default.svc' &&
      !model.argoCdInCluster.has(env) &&
      !onlyArgoCdObjects
    ) {
      if (envRegistration)
        add(
          `argocd ${env}: Applications deploy to https://kubernetes.default.svc, the cluster Argo CD instance ${a.instance} runs in, not the ${env} cluster it registers as ${envRegistration.name}`,
          name,
        );
      else inCluster.add(env);
    }
    if (
      dest.name !== undefined &&
      !registered.some(r => r.instance === a.instance && r.name === dest.name)
    )
      add(
        `argocd ${env}: Applications deploy to cluster ${dest.name}, which nothing registers with Argo CD instance ${a.instance}`,
        name,
      );
    const projectName = app.spec?.project ?? 'default';
    const project = model.projects.find(
      p =>
        p.instance === a.instance && p.project.metadata?.name === projectName,
    )?.project;
    if (!project) {
      if (
        !isPrerequisite(prerequisites, 'AppProject', projectName, 'argocd', env)
      )
        out.push(
          `argocd ${env}: Application ${name} (${a.from}) is in project ${projectName}, which Argo CD instance ${a.instance} does not have`,
        );
      continue;
    }
    const key = (check: string) =>
      `argocd ${env}: project ${projectName} (instance ${a.instance}) ${check}`;
    for (const s of app.spec?.sources ?? [app.spec?.source]) {
      if (!s) continue;
      if (
        !(project.spec?.sourceRepos ?? []).some((p: string) =>
          globMatch(p, s.repoURL),
        )
      )
        add(key('does not permit the sources of'), `${name} (${s.repoURL})`);
      const files = model.repos.get(s.repoURL);
      if (files && s.path !== undefined) {
        const dir = String(s.path).replace(/^\.\/|\/$/g, '');
        if (![...files.keys()].some(f => f.startsWith(`${dir}/`)))
          out.push(
            `argocd ${env}: Application ${name} (${a.from}) deploys path ${s.path} of ${s.repoURL}, which does not exist there`,
          );
      }
    }
    const destOk = (server: string | undefined, ns: string) =>
      (project.spec?.destinations ?? []).some(
        (d: any) =>
          (d.server
            ? server !== undefined && globMatch(d.server, server)
            : d.name !== undefined &&
              dest.name !== undefined &&
              globMatch(d.name, dest.name)) && globMatch(d.namespace ?? '', ns),
      );
    if (!destOk(dest.server, dest.namespace ?? ''))
      add(
        key('does not permit the destinations of'),
        `${name} (${dest.server ?? dest.name} ${dest.namespace})`,
      );
    const clusterKinds = new Set<string>();
    for (const o of a.objects ?? []) {
      if (clusterScoped.has(o.kind)) {
        if (!kindPermitted(project, groupOf(o), o.kind))
          clusterKinds.add(o.kind);
      } else if (
        o.metadata?.namespace &&
        !destOk(dest.server, o.metadata.namespace)
      ) {
        add(
          key('does not permit the namespaces of'),
          `${name} (${o.kind} ${o.metadata.name} in ${o.metadata.namespace})`,
        );
      }
    }
    for (const k of a.chartClusterKinds ?? [])
      if (!kindPermitted(project, GROUPS[k] ?? '', k)) clusterKinds.add(k);
    if (clusterKinds.size)
      add(
        key('does not permit the cluster-scoped kinds of'),
        `${name} (${[...clusterKinds].sort().join(', ')})`,
      );
  }
  for (const [k, items] of grouped)
    out.push(`${k}: ${[...items].sort().join('; ')}`);
  for (const env of [...inCluster].sort())
    out.push(
      `argocd ${env}: Applications deploy to https://kubernetes.default.svc, but nothing installs Argo CD in the ${env} cluster or registers the cluster with an Argo CD`,
    );
  return out;
}

/** Resources whose RBAC object is `<project>/<name>` (argo-cd util/rbac). */
const PROJECT_SCOPED = new Set([
  'applications',
  'applicationsets',
  'logs',
  'exec',
]);

/**
 * Argo CD RBAC policy files (`p, subject, resource, action, object, effect`):
 * each project a line grants on must exist on the file's instance.
 */
export function policyFindings(
  label: string,
  files: Map<string, string>,
  projects: Array<{ instance: string; project: any }>,
  prerequisites: Prerequisite[],
): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    const m = /^argocd\/(?:([^/]+)\/)?policy\.[^/]+\.csv$/.exec(file);
    if (!m) continue;
    const instance = m[1] ?? 'default';
    const missing = new Set<string>();
    for (const line of text.split('\n')) {
      const cells = line.split(',').map(c => c.trim());
      if (cells[0] !== 'p' || !PROJECT_SCOPED.has(cells[2])) continue;
      const project = cells[4].split('/')[0];
      if (project.includes('*')) continue;
      const exists =
        projects.some(
          p => p.instance === instance && p.project.metadata?.name === project,
        ) ||
        isPrerequisite(prerequisites, 'AppProject', project, 'argocd', '*');
      if (!exists) missing.add(project);
    }
    if (missing.size)
      out.push(
        `argocd-policy: ${label} ${file} grants on projects ${[...missing]
          .sort()
          .join(', ')}, which Argo CD instance ${instance} does not have`,
      );
  }
  return out;
}
