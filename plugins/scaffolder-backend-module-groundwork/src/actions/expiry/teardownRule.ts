import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GroundworkEnvironment,
  GroundworkEnvironments,
  formatExpiresAt,
  readPreviewTeardown,
} from '@groundwork/plugin-groundwork-common';
import {
  authorizeEntityChange,
  principalName,
} from '@groundwork/plugin-groundwork-node';
import { parseNewEntityRef } from '../requireNewEntity';

/** What the teardown may destroy, once the rule below allowed it. */
export interface Teardown {
  entity: Entity;
  entityRef: string;
  owner: string;
  expiresAt: Date;
  /** Whether the expiry has passed (else an owner or admin asked early). */
  expired: boolean;
  /** Every environment the entity declares, in the portal's order; none is production. */
  environments: GroundworkEnvironment[];
}

/**
 * The one rule of a teardown, asked by groundwork:expiry:check before
 * anything is destroyed and again by groundwork:catalog:unregister, the
 * step that removes what lets anyone see the rest: the entity, read with
 * the task's credentials, must have an owner, a valid expiry and only
 * non-production environments; and either the expiry has passed (whoever
 * runs it, platform status's expiry job included) or the person is allowed
 * to change the entity (its owners and the administrators).
 */
export async function authorizeTeardown(options: {
  entityRef: string;
  credentials: BackstageCredentials;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  environments: GroundworkEnvironments;
  now: Date;
}): Promise<Teardown> {
  const { credentials, catalog, environments, now } = options;
  const ref = parseNewEntityRef(options.entityRef);
  const entityRef = stringifyEntityRef(ref);
  if (ref.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `${entityRef} is not a Component: the teardown destroys preview services made by New service, which are Components.`,
    );
  }
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `${entityRef} is not in the catalog, or ${principalName(
        credentials,
      )} may not read it; nothing was destroyed. Check the reference.`,
    );
  }
  const reading = readPreviewTeardown(entity, environments);
  if (reading.problems.length > 0) {
    throw new InputError(
      `${entityRef} is not torn down. ${reading.problems.join(
        ' ',
      )} Nothing was destroyed.`,
    );
  }
  // No problem means all three are there.
  const owner = reading.owner!;
  const expiresAt = reading.expiresAt!;

  const expired = expiresAt.getTime() <= now.getTime();
  if (!expired) {
    const principal = credentials.principal as { type: string };
    const early = `it expires at ${formatExpiresAt(
      expiresAt,
    )}, which has not passed`;
    if (principal.type !== 'user') {
      throw new NotAllowedError(
        `${entityRef} is not torn down: ${early}, and only a person (an owner or an administrator) may tear it down before then. Nothing was destroyed.`,
      );
    }
    try {
      await authorizeEntityChange({
        permissions: options.permissions,
        catalog,
        auth: options.auth,
        credentials,
        entityRef,
        what: 'tear down before its expiry',
      });
    } catch (e) {
      if (e instanceof NotAllowedError) {
        throw new NotAllowedError(
          `${entityRef} is not torn down: ${early}. ${e.message} Nothing was destroyed.`,
        );
      }
      throw e;
    }
  }
  return {
    entity,
    entityRef,
    owner,
    expiresAt,
    expired,
    environments: reading.environments,
  };
}
