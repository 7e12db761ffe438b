/**
 * The AppProject checks Argo CD's API server makes before it stores an
 * Application (`argo.ValidatePermissions`): source repositories, destinations
 * and source namespaces must match the project's glob lists, where an entry
 * starting with `!` denies.
 */

interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

interface GroupKind {
  group: string;
  kind: string;
  /** Cluster-scoped whitelist and blacklist entries may name the object (glob). */
  name?: string;
}

export interface ProjectSpecLike {
  sourceRepos?: string[];
  destinations?: Destination[];
  sourceNamespaces?: string[];
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
}

function glob(pattern: string, value: string): boolean {
  const regex = pattern
    .split('')
    .map(ch => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}

/** Allowed when some positive entry matches and no `!` entry does. */
function permitted(patterns: string[] | undefined, value: string): boolean {
  const list = patterns ?? [];
  const denied = list.some(p => p.startsWith('!') && glob(p.slice(1), value));
  return !denied && list.some(p => !p.startsWith('!') && glob(p, value));
}

function normaliseRepo(url: string) {
  return url
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export function repoPermitted(project: ProjectSpecLike, repoURL: string) {
  const repo = normaliseRepo(repoURL);
  return permitted(
    (project.sourceRepos ?? []).map(p =>
      p.startsWith('!') ? `!${normaliseRepo(p.slice(1))}` : normaliseRepo(p),
    ),
    repo,
  );
}

export function destinationPermitted(
  project: ProjectSpecLike,
  destination: Destination,
  clusterServerForName: (name: string) => string | undefined,
): boolean {
  const server =
    destination.server ??
    (destination.name ? clusterServerForName(destination.name) : undefined);
  const namespace = destination.namespace ?? '';
  return (project.destinations ?? []).some(d => {
    const nsOk = glob(d.namespace ?? '', namespace) || d.namespace === '*';
    if (!nsOk) return false;
    if (d.server && server !== undefined && glob(d.server, server)) return true;
    if (d.name && destination.name && glob(d.name, destination.name))
      return true;
    return false;
  });
}

export function namespacePermitted(
  project: ProjectSpecLike,
  namespace: string,
) {
  return permitted(project.sourceNamespaces, namespace);
}

/**
 * Kinds of the built-in Kubernetes API (and of the add-ons the platform
 * installs) that are cluster-scoped: `kubectl api-resources --namespaced=false`.
 * Argo CD asks the cluster's discovery API; the stand-in has no cluster.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(
  [
    ['', 'Namespace'],
    ['', 'Node'],
    ['', 'PersistentVolume'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition'],
    ['admissionregistration.k8s.io', 'MutatingWebhookConfiguration'],
    ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'],
    ['admissionregistration.k8s.io', 'ValidatingAdmissionPolicy'],
    ['admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding'],
    ['apiregistration.k8s.io', 'APIService'],
    ['networking.k8s.io', 'IngressClass'],
    ['scheduling.k8s.io', 'PriorityClass'],
    ['storage.k8s.io', 'StorageClass'],
    ['storage.k8s.io', 'CSIDriver'],
    ['storage.k8s.io', 'VolumeAttachment'],
    ['node.k8s.io', 'RuntimeClass'],
    ['cert-manager.io', 'ClusterIssuer'],
    ['external-secrets.io', 'ClusterSecretStore'],
    ['karpenter.sh', 'NodePool'],
  ].map(([group, kind]) => `${group}/${kind}`),
);

/** The API group of an `apiVersion`: `apps/v1` is `apps`, `v1` the core group ``. */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(`${group}/${kind}`);
}

/** `isResourceInList` / `isNamedResourceInList` (pkg/apis/application/v1alpha1/types.go): path.Match on kind, group and, when set, name. */
function inList(list: GroupKind[], group: string, kind: string, name?: string) {
  return list.some(
    e =>
      glob(e.kind, kind) &&
      glob(e.group, group) &&
      (!e.name || glob(e.name, name ?? '')),
  );
}

/**
 * `AppProject.IsGroupKindNamePermitted`: a cluster-scoped kind needs a
 * `clusterResourceWhitelist` entry (none means none allowed) and no
 * blacklist entry; a namespaced kind is allowed unless blacklisted, or,
 * when `namespaceResourceWhitelist` is set, only if listed there (an empty
 * list allows none).
 */
export function resourcePermitted(
  project: ProjectSpecLike,
  resource: { group: string; kind: string; name?: string },
  namespaced: boolean,
): boolean {
  const { group, kind, name } = resource;
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    const black = project.namespaceResourceBlacklist ?? [];
    const whitelisted =
      white === undefined || (white.length > 0 && inList(white, group, kind));
    return whitelisted && !inList(black, group, kind);
  }
  const white = project.clusterResourceWhitelist ?? [];
  const black = project.clusterResourceBlacklist ?? [];
  return inList(white, group, kind, name) && !inList(black, group, kind, name);
}

/**
 * Why a sync refuses a manifest (`validateSyncPermissions` in argo-cd's
 * controller/sync.go), or undefined when the project allows it.
 */
export function syncPermissionError(
  projectName: string,
  project: ProjectSpecLike,
  object: {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string };
  },
  destination: Destination,
  clusterServerForName: (name: string) => string | undefined = () => undefined,
): string | undefined {
  const group = groupOf(object.apiVersion);
  const kind = object.kind ?? '';
  const namespaced = !isClusterScoped(group, kind);
  if (
    !resourcePermitted(
      project,
      { group, kind, name: object.metadata?.name },
      namespaced,
    )
  ) {
    return `resource ${group}:${kind} is not permitted in project ${projectName}`;
  }
  if (namespaced) {
    const namespace = object.metadata?.namespace || destination.namespace || '';
    if (
      !destinationPermitted(
        project,
        { ...destination, namespace },
        clusterServerForName,
      )
    ) {
      return `namespace ${namespace} is not permitted in project '${projectName}'`;
    }
  }
  return undefined;
}

/**
 * What `AppProject.ValidateProject` refuses in a project sent to Create or
 * Update, as its message (InvalidArgument): a destination, source namespace
 * or source repository listed twice. Destinations are the same when server
 * and namespace are, or name and namespace when there is no server.
 */
export function projectSpecProblem(
  project: ProjectSpecLike,
): string | undefined {
  const destinations = new Set<string>();
  for (const d of project.destinations ?? []) {
    const key =
      !d.server && d.name
        ? `${d.name}/${d.namespace ?? ''}`
        : `${d.server ?? ''}/${d.namespace ?? ''}`;
    if (destinations.has(key)) return `destination '${key}' already added`;
    destinations.add(key);
  }
  const namespaces = new Set<string>();
  for (const ns of project.sourceNamespaces ?? []) {
    if (namespaces.has(ns)) return `source namespace '${ns}' already added`;
    namespaces.add(ns);
  }
  const repos = new Set<string>();
  for (const repo of project.sourceRepos ?? []) {
    if (repos.has(repo)) return `source repository '${repo}' already added`;
    repos.add(repo);
  }
  return undefined;
}
