import { PersonaInput } from './schema';

/**
 * The personas Groundwork ships. Least privilege per environment: each
 * grant is the smallest set that lets the role do its job there, and every
 * name is one a platform team creates once (permission sets, ClusterRoles)
 * or one the cloud provides (GCP and Azure built-in roles). The README's
 * defaults table is this file, rendered for dev, staging and prod.
 */
export const DEFAULT_PERSONAS: Record<string, PersonaInput> = {
  developer: {
    title: 'Developer',
    description:
      "Builds and ships the team's services: changes dev and staging in the team's namespaces and Argo CD project, reads production.",
    github: { teams: [{ slug: '{team}', role: 'member' }] },
    environments: {
      nonProduction: {
        access: 'write',
        aws: { permissionSets: ['GroundworkDeveloper'] },
        gcp: { roles: ['roles/viewer', 'roles/container.developer'] },
        azure: {
          roles: ['Reader', 'Azure Kubernetes Service Cluster User Role'],
        },
        kubernetes: { namespaceRoles: ['edit'] },
        argocd: {
          applications: [
            'get',
            'create',
            'update',
            'delete',
            'sync',
            'action/*',
          ],
          logs: ['get'],
        },
      },
      production: {
        access: 'read',
        aws: { permissionSets: ['GroundworkReadOnly'] },
        gcp: { roles: ['roles/viewer'] },
        azure: { roles: ['Reader'] },
        kubernetes: { namespaceRoles: ['view'] },
        argocd: { applications: ['get'], logs: ['get'] },
      },
    },
  },

  sre: {
    title: 'Site reliability engineer',
    description:
      "Operates production: syncs, rolls back and runs actions on the team's applications in every environment, changes the team's namespaces, and sees the whole cluster for incident response.",
    github: { teams: [{ slug: '{team}', role: 'member' }] },
    environments: {
      all: {
        access: 'write',
        kubernetes: { namespaceRoles: ['edit'], clusterRoles: ['view'] },
        argocd: {
          applications: ['get', 'sync', 'action/*'],
          logs: ['get'],
          exec: ['create'],
        },
        gcp: {
          roles: [
            'roles/viewer',
            'roles/container.developer',
            'roles/monitoring.editor',
          ],
        },
        azure: {
          roles: [
            'Reader',
            'Azure Kubernetes Service Cluster User Role',
            'Monitoring Contributor',
          ],
        },
      },
      nonProduction: {
        access: 'write',
        aws: { permissionSets: ['GroundworkDeveloper'] },
      },
      production: {
        access: 'write',
        aws: { permissionSets: ['GroundworkOperator'] },
      },
    },
  },

  devops: {
    title: 'DevOps engineer',
    description:
      "Builds and runs the delivery pipeline: administers the team's namespaces and Argo CD project outside production, reads production.",
    github: { teams: [{ slug: '{team}', role: 'maintainer' }] },
    environments: {
      nonProduction: {
        access: 'write',
        aws: { permissionSets: ['GroundworkPlatformEngineer'] },
        gcp: {
          roles: [
            'roles/viewer',
            'roles/container.admin',
            'roles/cloudbuild.builds.editor',
          ],
        },
        azure: {
          roles: ['Contributor'],
        },
        kubernetes: { namespaceRoles: ['admin'], clusterRoles: ['view'] },
        argocd: {
          applications: ['*'],
          applicationsets: ['*'],
          logs: ['get'],
          projects: ['get'],
          repositories: ['get', 'create', 'update'],
        },
      },
      production: {
        access: 'read',
        aws: { permissionSets: ['GroundworkReadOnly'] },
        gcp: { roles: ['roles/viewer'] },
        azure: { roles: ['Reader'] },
        kubernetes: { clusterRoles: ['view'] },
        argocd: { applications: ['get'], logs: ['get'], projects: ['get'] },
      },
    },
  },

  'it-admin': {
    title: 'IT administrator',
    description:
      'Administers identity and access: owner of the GitHub organization and administrator of cloud IAM in every environment; no access to workloads, which change through reviewed pull requests.',
    privileged: true,
    github: {
      organizationRole: 'admin',
      teams: [{ slug: '{team}', role: 'maintainer' }],
    },
    environments: {
      all: {
        access: 'admin',
        aws: { permissionSets: ['GroundworkIdentityAdmin'] },
        gcp: { roles: ['roles/resourcemanager.projectIamAdmin'] },
        azure: { roles: ['User Access Administrator'] },
      },
    },
  },

  ciso: {
    title: 'Chief information security officer',
    description:
      'Reads everything security-relevant in every environment (IAM, audit logs, findings, cluster and delivery configuration) and changes nothing.',
    privileged: true,
    github: { teams: [{ slug: '{team}', role: 'member' }] },
    environments: {
      all: {
        access: 'read',
        aws: { permissionSets: ['GroundworkSecurityAudit'] },
        gcp: {
          roles: [
            'roles/iam.securityReviewer',
            'roles/securitycenter.adminViewer',
            'roles/logging.privateLogViewer',
          ],
        },
        // Defender for Cloud's plans, alerts and recommendations; the
        // subscription's activity log kept in the security workspace.
        azure: { roles: ['Security Reader', 'Log Analytics Reader'] },
        kubernetes: { clusterRoles: ['view'] },
        argocd: { role: 'role:readonly' },
      },
    },
  },
};
