import { Config } from '@backstage/config';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { DEFAULT_TEAM_PROJECT } from '@groundwork/plugin-groundwork-common';

/**
 * The namespace placeholder for "every namespace the team's services run in
 * there": the destinations of the team's Argo CD project in that
 * environment (`groundwork.persona.argocd.project`). Those bindings carry no
 * namespace; the access reconciler applies them once per such namespace, so
 * a new service's namespace gets them without anyone onboarding again.
 */
export const TEAM_SERVICES = '{services}';

/** `groundwork.persona`, read once at start-up (see config.d.ts). */
export interface PersonaModuleConfig {
  github?: {
    host: string;
    organization: string;
    removeFromOrganization: boolean;
    /**
     * Teams the access reconciler manages (groundwork.persona.access.github.teams):
     * onboarding and offboarding leave them to it, so their memberships
     * change only once the access pull request merges.
     */
    teamsOnMerge: string[];
  };
  catalog: {
    namespace: string;
    userName: 'githubLogin' | 'emailLocalPart';
    offboard: 'remove' | 'mark';
  };
  aws: {
    identityStore: 'create' | 'lookup';
    /** Identity Center group (display name pattern) the user joins. */
    teamGroup: string;
    /** Whether to write the group membership (off when an IdP owns groups). */
    groupMembership: boolean;
  };
  kubernetes: {
    namespace: string;
    subject: 'email' | 'githubLogin';
    subjectPrefix: string;
  };
  argocd: {
    project: string;
    subject: 'email' | 'githubLogin';
  };
}

function oneOf<T extends string>(
  config: Config | undefined,
  key: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = config?.getOptionalString(key);
  if (value === undefined) return fallback;
  if (!values.includes(value as T)) {
    throw new TypeError(
      `groundwork.persona.${key} must be one of ${values.join(
        ', ',
      )}, got "${value}".`,
    );
  }
  return value as T;
}

export function readPersonaModuleConfig(config: Config): PersonaModuleConfig {
  const root = config.getOptionalConfig('groundwork.persona');
  const github = root?.getOptionalConfig('github');
  const organization = github?.getOptionalString('organization');
  if (root?.has('approval')) {
    throw new TypeError(
      'groundwork.persona.approval.groups is gone: approvers are groundwork.permissions.approverGroups, and they approve in the portal (Requests) instead of running the onboarding themselves. Move the groups there.',
    );
  }
  const identityStore = oneOf(
    root,
    'aws.identityStore',
    ['create', 'lookup'] as const,
    'create',
  );
  return {
    github: organization
      ? {
          host: github?.getOptionalString('host') ?? 'github.com',
          organization,
          removeFromOrganization:
            github?.getOptionalBoolean('removeFromOrganization') ?? false,
          teamsOnMerge: (
            root?.getOptionalStringArray('access.github.teams') ?? []
          ).map(t => t.toLowerCase()),
        }
      : undefined,
    catalog: {
      namespace:
        root?.getOptionalString('catalog.namespace') ?? DEFAULT_NAMESPACE,
      userName: oneOf(
        root,
        'catalog.userName',
        ['githubLogin', 'emailLocalPart'] as const,
        'githubLogin',
      ),
      offboard: oneOf(
        root,
        'catalog.offboard',
        ['remove', 'mark'] as const,
        'remove',
      ),
    },
    aws: {
      identityStore,
      teamGroup: root?.getOptionalString('aws.teamGroup') ?? '{team}',
      groupMembership:
        root?.getOptionalBoolean('aws.groupMembership') ??
        identityStore === 'create',
    },
    kubernetes: {
      namespace:
        root?.getOptionalString('kubernetes.namespace') ?? TEAM_SERVICES,
      subject: oneOf(
        root,
        'kubernetes.subject',
        ['email', 'githubLogin'] as const,
        'email',
      ),
      subjectPrefix: root?.getOptionalString('kubernetes.subjectPrefix') ?? '',
    },
    argocd: {
      project:
        root?.getOptionalString('argocd.project') ?? DEFAULT_TEAM_PROJECT,
      subject: oneOf(
        root,
        'argocd.subject',
        ['email', 'githubLogin'] as const,
        'email',
      ),
    },
  };
}
