import { parseAllDocuments, stringify } from 'yaml';
import { fill, Subject } from '../subject';
import { TEAM_SERVICES } from '../config';
import { FileGrant, RenderedFile } from './types';

/**
 * Kubernetes RBAC for review: per environment (one cluster each), one file
 * per person with a RoleBinding per named namespace and role and a
 * ClusterRoleBinding per cluster-wide role, and one in the team's folder
 * with the RoleBindings for the namespaces of the team's services. The roles are ClusterRoles
 * (built-in `view`, `edit`, `admin`, or the platform's own); the subject is
 * the person as the cluster's OIDC authenticator names them.
 */

const RBAC = 'rbac.authorization.k8s.io';

function kubernetesPath(subject: Subject, environment: string): string {
  return `kubernetes/${environment}/${subject.userName}.yaml`;
}

/** The folder the access reconciler applies in each of the team's service namespaces. */
function teamServicesFolder(team: string, environment: string): string {
  return `kubernetes/${environment}/teams/${team}`;
}

function teamServicesPath(subject: Subject, environment: string): string {
  return `${teamServicesFolder(subject.team.name, environment)}/${
    subject.userName
  }.yaml`;
}

/** A label value: at most 63 of [A-Za-z0-9._-], alphanumeric at both ends. */
function labelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

function objectName(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 253)
    .replace(/^-|-$/g, '');
}

function kubernetesSubjectName(subject: Subject): string {
  const { kubernetes } = subject.config;
  const base =
    kubernetes.subject === 'email'
      ? subject.person.email
      : subject.person.githubLogin;
  return `${kubernetes.subjectPrefix}${base}`;
}

function presentIn(kind: string, name: string, namespace?: string) {
  return (content: string) => {
    try {
      return parseAllDocuments(content).some(doc => {
        const o = doc.toJS() as any;
        return (
          o?.kind === kind &&
          o?.metadata?.name === name &&
          (namespace === undefined || o?.metadata?.namespace === namespace)
        );
      });
    } catch {
      return false;
    }
  };
}

export function renderKubernetes(subject: Subject): RenderedFile[] {
  const files: RenderedFile[] = [];
  const rbacSubject = {
    apiGroup: RBAC,
    kind: 'User',
    name: kubernetesSubjectName(subject),
  };
  const labels = {
    'app.kubernetes.io/managed-by': 'groundwork',
    'groundwork.dev/persona': subject.persona.id,
    'groundwork.dev/user': labelValue(subject.userName),
    'groundwork.dev/team': labelValue(subject.team.name),
  };
  for (const grant of subject.grants) {
    const k8s = grant.kubernetes;
    if (!k8s) continue;
    const env = grant.environment.name;
    const values = {
      team: subject.team.name,
      environment: env,
      persona: subject.persona.id,
    };
    const namespaces = (
      k8s.namespaces ?? [subject.config.kubernetes.namespace]
    ).map(ns => fill(ns, values));
    const own: { docs: object[]; grants: FileGrant[] } = {
      docs: [],
      grants: [],
    };
    const team: typeof own = { docs: [], grants: [] };
    for (const namespace of k8s.namespaceRoles.length ? namespaces : []) {
      const forServices = namespace === TEAM_SERVICES;
      const into = forServices ? team : own;
      for (const role of k8s.namespaceRoles) {
        const name = objectName('groundwork-persona', subject.userName, role);
        into.docs.push({
          apiVersion: `${RBAC}/v1`,
          kind: 'RoleBinding',
          metadata: forServices
            ? { name, labels }
            : { name, namespace, labels },
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
          subjects: [rbacSubject],
        });
        into.grants.push({
          system: 'kubernetes',
          environment: env,
          target: forServices
            ? `ClusterRole ${role} in every namespace of the ${subject.team.name} team's services`
            : `ClusterRole ${role} in namespace ${namespace}`,
          present: presentIn(
            'RoleBinding',
            name,
            forServices ? undefined : namespace,
          ),
        });
      }
    }
    for (const role of k8s.clusterRoles) {
      const name = objectName('groundwork-persona', subject.userName, role);
      own.docs.push({
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name, labels },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
        subjects: [rbacSubject],
      });
      own.grants.push({
        system: 'kubernetes',
        environment: env,
        target: `ClusterRole ${role} cluster-wide`,
        present: presentIn('ClusterRoleBinding', name),
      });
    }
    const header = [
      `# Managed by persona:onboard (Groundwork): ${subject.persona.id} access of ${subject.person.email} in ${env}.`,
      '# Offboarding deletes this file; a pruning sync removes the bindings.',
    ];
    if (own.docs.length) {
      files.push({
        path: kubernetesPath(subject, env),
        content: [...header, ...own.docs.map(d => `---\n${stringify(d)}`)].join(
          '\n',
        ),
        grants: own.grants,
      });
    }
    if (team.docs.length) {
      files.push({
        path: teamServicesPath(subject, env),
        content: [
          ...header,
          `# No namespace: applied in each namespace of team ${subject.team.name}'s services in ${env}`,
          '# (the destinations of its Argo CD project there) by the access reconciler.',
          ...team.docs.map(d => `---\n${stringify(d)}`),
        ].join('\n'),
        grants: team.grants,
      });
    }
  }
  return files;
}
