import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  groundworkEntityChangePermission,
  groundworkProductionChangePermission,
} from '@groundwork/plugin-groundwork-common';

/** Who the credentials belong to, for a message a person can act on. */
export function principalName(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return `the service ${p.subject}`;
  return 'an anonymous caller';
}

/**
 * Asks the permission framework whether the credentials may change the
 * entity (its infrastructure, its delivery); throws a NotAllowedError that
 * says who may instead. The policy decides; Groundwork's default lets the
 * entity's owners and the platform administrators.
 *
 * An entity the catalog does not hold yet is one a template is creating
 * (new-service refuses names the catalog has): it has no owners to ask
 * about, so the change is allowed and reported as `isNew`. The catalog is
 * asked with the plugin's own credentials, so an entity the person cannot
 * read still counts as existing.
 */
export async function authorizeEntityChange(options: {
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  credentials: BackstageCredentials;
  /** The entity, as a full ref: `component:default/payments-api`. */
  entityRef: string;
  /** What is about to happen, e.g. `run terraform:apply in dev`. */
  what: string;
}): Promise<{ isNew: boolean }> {
  const { permissions, catalog, auth, credentials, entityRef, what } = options;
  const existing = await catalog.getEntityByRef(entityRef, {
    credentials: await auth.getOwnServiceCredentials(),
  });
  if (!existing) return { isNew: true };
  const [decision] = await permissions.authorize(
    [{ permission: groundworkEntityChangePermission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${principalName(
        credentials,
      )} may not ${what} for ${entityRef}: only its owners and the platform administrators may (permission ${
        groundworkEntityChangePermission.name
      }). Ask a member of the owning group to run it, or to add you to that group.`,
    );
  }
  return { isNew: false };
}

/**
 * Asks whether the credentials may change an environment that config marks
 * `production`; other environments need nothing beyond the entity check.
 */
export async function authorizeEnvironmentChange(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  environment: { name: string; production: boolean };
  what: string;
}): Promise<void> {
  const { permissions, credentials, environment, what } = options;
  if (!environment.production) return;
  const [decision] = await permissions.authorize(
    [{ permission: groundworkProductionChangePermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${principalName(credentials)} may not ${what}: ${
        environment.name
      } is a production environment, and changing it is limited to the groups in groundwork.permissions.productionGroups (permission ${
        groundworkProductionChangePermission.name
      }). Ask a member of one of those groups to run it.`,
    );
  }
}

/**
 * Both checks a step that changes an entity in an environment makes before
 * anything else, entity first: `authorizeEntityChange`, then
 * `authorizeEnvironmentChange` (production only).
 */
export async function authorizeEntityChangeIn(options: {
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  credentials: BackstageCredentials;
  entityRef: string;
  environment: { name: string; production: boolean };
  what: string;
}): Promise<{ isNew: boolean }> {
  const result = await authorizeEntityChange(options);
  await authorizeEnvironmentChange(options);
  return result;
}
