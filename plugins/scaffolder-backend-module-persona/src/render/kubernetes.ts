import { parseAllDocuments, stringify } from 'yaml';
import { fill, Subject } from '../subject';
import { FileGrant, RenderedFile } from './types';

/**
 * Kubernetes RBAC for review: per environment (one cluster each), one file
 * per person with a RoleBinding per namespace and role, and a
 * ClusterRoleBinding per cluster-wide role. The roles are ClusterRoles
 * (built-in `view`, `edit`, `admin`, or the platform's own); the subject is
 * the person as the cluster's OIDC authenticator names them.
 */

const RBAC = 'rbac.authorization.k8s.io';

export function kubernetesPath(subject: Subject, environment: string): string {
  return `kubernetes/${environment}/${subject.userName}.yaml`;
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

export function kubernetesSubjectName(subject: Subject): string {
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
    const docs: object[] = [];
    const grants: FileGrant[] = [];
    for (const namespace of k8s.namespaceRoles.length ? namespaces : []) {
      for (const role of k8s.namespaceRoles) {
        const name = objectName('groundwork-persona', subject.userName, role);
        docs.push({
          apiVersion: `${RBAC}/v1`,
          kind: 'RoleBinding',
          metadata: { name, namespace, labels },
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
          subjects: [rbacSubject],
        });
        grants.push({
          system: 'kubernetes',
          environment: env,
          target: `ClusterRole ${role} in namespace ${namespace}`,
          present: presentIn('RoleBinding', name, namespace),
        });
      }
    }
    for (const role of k8s.clusterRoles) {
      const name = objectName('groundwork-persona', subject.userName, role);
      docs.push({
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name, labels },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
        subjects: [rbacSubject],
      });
      grants.push({
        system: 'kubernetes',
        environment: env,
        target: `ClusterRole ${role} cluster-wide`,
        present: presentIn('ClusterRoleBinding', name),
      });
    }
    files.push({
      path: kubernetesPath(subject, env),
      content: [
        `# Managed by persona:onboard (Groundwork): ${subject.persona.id} access of ${subject.person.email} in ${env}.`,
        '# Offboarding deletes this file; a pruning sync removes the bindings.',
        ...docs.map(d => `---\n${stringify(d)}`),
      ].join('\n'),
      grants,
    });
  }
  return files;
}

/** Every path `renderKubernetes` could write for this person. */
export function kubernetesPaths(subject: Subject): string[] {
  return subject.environments.map(e => kubernetesPath(subject, e.name));
}
