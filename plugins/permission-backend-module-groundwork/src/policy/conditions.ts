import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQuery } from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';

/** The annotation persona:onboard writes on a User: their manager (a User or Group ref). */
export const MANAGER_ANNOTATION = 'groundwork.dev/manager';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Allowed for the entities whose owner is one of the claims. */
export function entityOwnersOnly(
  query: PolicyQuery,
  claims: string[],
): PolicyDecision {
  if (!isResourcePermission(query.permission, 'catalog-entity')) return DENY;
  return createCatalogConditionalDecision(
    query.permission,
    catalogConditions.isEntityOwner({ claims }),
  );
}

/**
 * Allowed for the Users whose manager annotation names the person or one of
 * their groups: the manager, or a member of the manager group.
 */
export function managerOnly(
  query: PolicyQuery,
  claims: string[],
): PolicyDecision {
  if (!isResourcePermission(query.permission, 'catalog-entity')) return DENY;
  const [first, ...rest] = claims.map(value =>
    catalogConditions.hasAnnotation({ annotation: MANAGER_ANNOTATION, value }),
  );
  // A signed-in person always has at least their own ref as a claim.
  if (!first) return DENY;
  return createCatalogConditionalDecision(query.permission, {
    anyOf: [first, ...rest],
  });
}

/** Allowed for the tasks the person started. */
export function taskOwnerOnly(
  query: PolicyQuery,
  userEntityRef: string,
): PolicyDecision {
  if (!isResourcePermission(query.permission, 'scaffolder-task')) return DENY;
  return createScaffolderTaskConditionalDecision(
    query.permission,
    scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
  );
}
