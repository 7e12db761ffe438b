import { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';
import {
  AccessLevel,
  ArgoCdGrant,
  EnvironmentGrantDefinition,
  PersonaDefinition,
} from './schema';

export const SYSTEMS = ['aws', 'gcp', 'azure', 'kubernetes', 'argocd'] as const;
type GrantSystem = (typeof SYSTEMS)[number];

/** What a persona grants in one environment, selectors applied. */
export interface EnvironmentGrant {
  environment: GroundworkEnvironment;
  access: AccessLevel;
  aws?: { permissionSets: string[] };
  gcp?: { roles: string[] };
  azure?: { roles: string[] };
  kubernetes?: {
    namespaces?: string[];
    namespaceRoles: string[];
    clusterRoles: string[];
  };
  argocd?: ArgoCdGrant;
}

/**
 * The grant for one environment: `all`, then `production` or
 * `nonProduction`, then the environment's own name, the most specific
 * selector winning per system (and for `access`). A system set to null by a
 * more specific selector is not granted there.
 */
export function grantFor(
  persona: PersonaDefinition,
  environment: GroundworkEnvironment,
): EnvironmentGrant {
  const layers = [
    persona.environments.all,
    persona.environments[
      environment.production ? 'production' : 'nonProduction'
    ],
    persona.environments[environment.name],
  ].filter(
    (l): l is EnvironmentGrantDefinition => l !== undefined && l !== null,
  );
  const grant: EnvironmentGrant = { environment, access: 'none' };
  let access: AccessLevel | undefined;
  for (const layer of layers) {
    if (layer.access) access = layer.access;
    for (const system of SYSTEMS) {
      if (!(system in layer)) continue;
      const value = layer[system];
      if (value === null || value === undefined) delete grant[system];
      else (grant as any)[system] = value;
    }
  }
  const grantsSomething = SYSTEMS.some(s => hasContent(grant, s));
  // A grant that does not say what it amounts to counts as write, so that
  // an undeclared production grant still needs approval.
  grant.access = access ?? (grantsSomething ? 'write' : 'none');
  for (const system of SYSTEMS) {
    if (!hasContent(grant, system)) delete grant[system];
  }
  return grant;
}

function hasContent(grant: EnvironmentGrant, system: GrantSystem): boolean {
  switch (system) {
    case 'aws':
      return (grant.aws?.permissionSets.length ?? 0) > 0;
    case 'gcp':
      return (grant.gcp?.roles.length ?? 0) > 0;
    case 'azure':
      return (grant.azure?.roles.length ?? 0) > 0;
    case 'kubernetes':
      return (
        (grant.kubernetes?.namespaceRoles.length ?? 0) +
          (grant.kubernetes?.clusterRoles.length ?? 0) >
        0
      );
    case 'argocd':
      return Object.values(grant.argocd ?? {}).some(v =>
        Array.isArray(v) ? v.length > 0 : Boolean(v),
      );
    default:
      return false;
  }
}

/**
 * Why a persona needs approval in these environments, or undefined when it
 * does not: privileged by definition, or write/admin on production.
 */
export function approvalReason(
  persona: PersonaDefinition & { id: string },
  grants: EnvironmentGrant[],
): string | undefined {
  if (persona.privileged) return `${persona.id} is a privileged persona`;
  const prodWrite = grants.filter(
    g =>
      g.environment.production &&
      (g.access === 'write' || g.access === 'admin'),
  );
  if (prodWrite.length > 0) {
    return `${persona.id} grants ${prodWrite
      .map(g => `${g.access} access to ${g.environment.name}`)
      .join(' and ')}, a production environment`;
  }
  if (persona.github.organizationRole === 'admin') {
    return `${persona.id} makes the person an owner of the GitHub organization`;
  }
  return undefined;
}
