import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironment,
  GroundworkEnvironments,
  formatExpiresAt,
  readExpiry,
} from '@groundwork/plugin-groundwork-common';
import {
  authorizeEntityChange,
  principalName,
} from '@groundwork/plugin-groundwork-node';
import { parseNewEntityRef } from '../requireNewEntity';

const ENVIRONMENTS_ANNOTATION = 'groundwork.dev/environments';

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
  const refuse = (why: string) =>
    new InputError(
      `${entityRef} is not torn down: ${why} Nothing was destroyed.`,
    );

  const owner = entity.spec?.owner;
  let ownerRef: string | undefined;
  try {
    ownerRef =
      typeof owner === 'string' && owner.trim()
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined;
  } catch {
    ownerRef = undefined;
  }
  if (!ownerRef) {
    throw refuse(
      `it has no valid owner (spec.owner is ${JSON.stringify(
        owner ?? null,
      )}), and nothing is destroyed without one who is told. Set spec.owner in its catalog-info.yaml.`,
    );
  }

  const expiry = readExpiry(entity);
  if (expiry.kind === 'none') {
    throw refuse(
      `it has no ${ANNOTATION_EXPIRES_AT} annotation, so it is not a preview service. Only previews (New service with a time to live) are torn down by this template.`,
    );
  }
  if (expiry.kind === 'invalid') throw refuse(`${expiry.reason}.`);

  const names = (entity.metadata.annotations?.[ENVIRONMENTS_ANNOTATION] ?? '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw refuse(
      `it declares no environments (${ENVIRONMENTS_ANNOTATION}), so what to destroy is unknown.`,
    );
  }
  const declared = names
    .map(name => {
      const env = environments.find(name);
      if (!env) {
        throw refuse(
          `it declares environment "${name}" (${ENVIRONMENTS_ANNOTATION}), which the portal does not configure (groundwork.environments).`,
        );
      }
      return env;
    })
    .sort((a, b) => a.order - b.order);
  const production = declared.filter(e => e.production).map(e => e.name);
  if (production.length > 0) {
    throw refuse(
      `it declares the production environment${
        production.length > 1 ? 's' : ''
      } ${production.join(
        ', ',
      )}, and a preview never runs in production. Remove the expiry or the environment from its catalog-info.yaml, whichever is wrong.`,
    );
  }

  const expired = expiry.expiresAt.getTime() <= now.getTime();
  if (!expired) {
    const principal = credentials.principal as { type: string };
    const early = `it expires at ${formatExpiresAt(
      expiry.expiresAt,
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
    owner: ownerRef,
    expiresAt: expiry.expiresAt,
    expired,
    environments: declared,
  };
}
