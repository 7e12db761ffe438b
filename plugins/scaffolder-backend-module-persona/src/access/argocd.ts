import {
  ArgoCdAppProject,
  ArgoCdApplication,
} from '@groundwork/plugin-argocd-node';
import {
  ArgoCdCluster,
  argocdClusterOf,
  GroundworkEnvironment,
  IN_CLUSTER_SERVER,
} from '@groundwork/plugin-groundwork-common';
import { createHash } from 'node:crypto';
import { KUSTOMIZATION } from '../render/kustomization';
import { AccessReconcileConfig } from './config';
import { IgnoredEntry } from './desired';

/** Where an Argo CD Application of the access repository goes. */
interface AccessApplications {
  /** Argo CD instance name (`argocd.instances[].name`), or undefined for the default. */
  instance?: string;
  project: ArgoCdAppProject;
  applications: ArgoCdApplication[];
}

const LABELS = { 'app.kubernetes.io/managed-by': 'groundwork' };

/** Labels the Applications of a team folder, so that a stale one can be found and deleted. */
export const ACCESS_TEAM_LABEL = 'groundwork.dev/access-team';
export const ACCESS_ENVIRONMENT_LABEL = 'groundwork.dev/environment';

/** A `kubernetes/<env>/teams/<team>` folder: what each of the team's service namespaces gets. */
interface TeamFolder {
  folder: string;
  environment: string;
  team: string;
}

export function teamFolders(paths: string[]): TeamFolder[] {
  return kustomizationFolders(paths).flatMap(folder => {
    const m = /^kubernetes\/([^/]+)\/teams\/([^/]+)$/.exec(folder);
    return m ? [{ folder, environment: m[1], team: m[2] }] : [];
  });
}

function kustomizationFolders(paths: string[]): string[] {
  return [
    ...new Set(
      paths
        .filter(p => p.endsWith(`/${KUSTOMIZATION}`))
        .map(p => p.slice(0, -KUSTOMIZATION.length - 1)),
    ),
  ].sort();
}

/**
 * `access-rbac-<env>-<team>-<namespace>`, within the 63 characters of a
 * label value (Argo CD's label tracking puts the name in one); longer ones
 * keep a readable start and a hash of the whole.
 */
export function teamApplicationName(
  environment: string,
  team: string,
  namespace: string,
): string {
  // A Group name may hold '_' or capitals, which no object name may.
  const name = `access-rbac-${environment}-${team}-${namespace}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-');
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/**
 * The AppProject and Applications through which the access repository
 * applies itself, per Argo CD instance: one Application per environment
 * folder (`kubernetes/<env>`: the people's RoleBindings and
 * ClusterRoleBindings, pruned when a file goes) and one per policy folder
 * (`argocd/<instance>`: the kustomization generating `argocd-rbac-cm`,
 * server-side applied so only the team keys are this repository's). The
 * project allows exactly this repository, these destinations and the
 * binding kinds, nothing else.
 */
export function renderAccessApplications(options: {
  config: NonNullable<AccessReconcileConfig['argocd']>;
  repoUrl: string;
  branch: string;
  paths: string[];
  environments: GroundworkEnvironment[];
  /** Instance names configured under `argocd.instances`. */
  instances: string[];
  defaultInstance?: string;
  /**
   * The namespaces of each team folder's services (by folder): the
   * destinations of the team's Argo CD project in that environment. A
   * folder without an entry gets no Application (yet).
   */
  teamNamespaces?: Map<string, string[]>;
}): { byInstance: AccessApplications[]; ignored: IgnoredEntry[] } {
  const { config, repoUrl, branch, paths, environments } = options;
  const ignored: IgnoredEntry[] = [];
  const byInstance = new Map<string | undefined, ArgoCdApplication[]>();
  const add = (instance: string | undefined, app: ArgoCdApplication) => {
    const key = instance === options.defaultInstance ? undefined : instance;
    byInstance.set(key, [...(byInstance.get(key) ?? []), app]);
  };
  const folders = kustomizationFolders(paths);
  const source = (path: string) => ({
    repoURL: repoUrl,
    targetRevision: branch,
    path,
  });
  const application = (
    name: string,
    path: string,
    destination: ArgoCdCluster & { namespace?: string },
    syncOptions: string[],
    extra: { labels?: Record<string, string>; retry?: object } = {},
  ): ArgoCdApplication => ({
    metadata: { name, labels: { ...LABELS, ...extra.labels } },
    spec: {
      project: config.project,
      source: source(path),
      destination,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions,
        ...(extra.retry ? { retry: extra.retry } : {}),
      },
    },
  });
  const environmentOf = (folder: string, name: string) => {
    const env = environments.find(e => e.name === name);
    if (!env) {
      ignored.push({
        path: folder,
        reason: `no environment "${name}" in groundwork.environments`,
      });
    }
    return env;
  };
  // The environment's cluster as its Argo CD knows it (registered as
  // platform-<env>, or its own), unless config names another.
  const clusterOf = (env: GroundworkEnvironment): ArgoCdCluster =>
    config.destinations[env.name]
      ? { server: config.destinations[env.name] }
      : argocdClusterOf(env);
  const teams = new Map(teamFolders(paths).map(t => [t.folder, t]));

  for (const folder of folders) {
    const [top, name, ...rest] = folder.split('/');
    const team = teams.get(folder);
    if (team) {
      const env = environmentOf(folder, team.environment);
      if (!env) continue;
      for (const namespace of options.teamNamespaces?.get(folder) ?? []) {
        add(
          env.argocdInstance,
          application(
            teamApplicationName(env.name, team.team, namespace),
            folder,
            { ...clusterOf(env), namespace },
            [],
            {
              labels: {
                [ACCESS_TEAM_LABEL]: team.team,
                [ACCESS_ENVIRONMENT_LABEL]: env.name,
              },
              // The namespace is the service's to create, with its first
              // sync; until then this one fails, and tries again.
              retry: {
                limit: 10,
                backoff: { duration: '30s', factor: 2, maxDuration: '10m' },
              },
            },
          ),
        );
      }
    } else if (top === 'kubernetes' && name && rest.length === 0) {
      const env = environmentOf(folder, name);
      if (!env) continue;
      add(
        env.argocdInstance,
        application(`access-rbac-${env.name}`, folder, clusterOf(env), []),
      );
    } else if (top === 'argocd' && rest.length === 0) {
      // argocd/ alone: the default instance; argocd/<instance>/: that one
      // ("default" being what onboarding writes for environments without one).
      const instance = !name || name === 'default' ? undefined : name;
      if (instance && !options.instances.includes(instance)) {
        ignored.push({
          path: folder,
          reason: `no Argo CD instance "${instance}" in argocd.instances`,
        });
        continue;
      }
      add(
        instance,
        application(
          'access-argocd-policy',
          folder,
          { server: IN_CLUSTER_SERVER, namespace: config.namespace },
          ['ServerSideApply=true'],
        ),
      );
    }
  }

  return {
    byInstance: [...byInstance].map(([instance, applications]) => ({
      instance,
      applications,
      project: {
        metadata: { name: config.project, labels: LABELS },
        spec: {
          description:
            'Access as code: what the reviewed access repository grants',
          sourceRepos: [repoUrl],
          destinations: uniqueDestinations(applications),
          clusterResourceWhitelist: [
            { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
          ],
          namespaceResourceWhitelist: [
            { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
            { group: '', kind: 'ConfigMap' },
          ],
        },
      },
    })),
    ignored,
  };
}

function uniqueDestinations(applications: ArgoCdApplication[]) {
  const seen = new Map<string, ArgoCdCluster & { namespace: string }>();
  for (const app of applications) {
    const { namespace = '*', ...cluster } = app.spec
      .destination as ArgoCdCluster & { namespace?: string };
    seen.set(JSON.stringify([cluster, namespace]), { ...cluster, namespace });
  }
  return [...seen.values()];
}

/**
 * The namespaces a project's destinations name on one cluster; a glob
 * names no namespace a binding could be put in, so it is skipped.
 */
export function teamServiceNamespaces(
  cluster: ArgoCdCluster,
  destinations: unknown,
): string[] {
  const found = new Set<string>();
  for (const d of (destinations ?? []) as Array<{
    server?: string;
    name?: string;
    namespace?: string;
  }>) {
    const onCluster =
      ('server' in cluster && d.server === cluster.server) ||
      ('name' in cluster && d.name === cluster.name);
    if (
      onCluster &&
      d.namespace &&
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(d.namespace)
    ) {
      found.add(d.namespace);
    }
  }
  return [...found].sort();
}
