import {
  ArgoCdAppProject,
  ArgoCdApplication,
} from '@groundwork/plugin-argocd-node';
import {
  ArgoCdCluster,
  argocdClusterOf,
  GroundworkEnvironment,
  IN_CLUSTER_SERVER,
} from '@groundwork/plugin-platform-status-common';
import { KUSTOMIZATION } from '../render/kustomization';
import { AccessReconcileConfig } from './config';
import { IgnoredEntry } from './desired';

/** Where an Argo CD Application of the access repository goes. */
export interface AccessApplications {
  /** Argo CD instance name (`argocd.instances[].name`), or undefined for the default. */
  instance?: string;
  project: ArgoCdAppProject;
  applications: ArgoCdApplication[];
}

const LABELS = { 'app.kubernetes.io/managed-by': 'groundwork' };

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
}): { byInstance: AccessApplications[]; ignored: IgnoredEntry[] } {
  const { config, repoUrl, branch, paths, environments } = options;
  const ignored: IgnoredEntry[] = [];
  const byInstance = new Map<string | undefined, ArgoCdApplication[]>();
  const add = (instance: string | undefined, app: ArgoCdApplication) => {
    const key = instance === options.defaultInstance ? undefined : instance;
    byInstance.set(key, [...(byInstance.get(key) ?? []), app]);
  };
  const folders = new Set(
    paths
      .filter(p => p.endsWith(`/${KUSTOMIZATION}`))
      .map(p => p.slice(0, -KUSTOMIZATION.length - 1)),
  );
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
  ): ArgoCdApplication => ({
    metadata: { name, labels: LABELS },
    spec: {
      project: config.project,
      source: source(path),
      destination,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions,
      },
    },
  });

  for (const folder of [...folders].sort()) {
    const [top, name, ...rest] = folder.split('/');
    if (top === 'kubernetes' && name && rest.length === 0) {
      const env = environments.find(e => e.name === name);
      if (!env) {
        ignored.push({
          path: folder,
          reason: `no environment "${name}" in groundwork.environments`,
        });
        continue;
      }
      add(
        env.argocdInstance,
        application(
          `access-rbac-${env.name}`,
          folder,
          // The environment's cluster as its Argo CD knows it (registered
          // as platform-<env>, or its own), unless config names another.
          config.destinations[env.name]
            ? { server: config.destinations[env.name] }
            : argocdClusterOf(env),
          [],
        ),
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
