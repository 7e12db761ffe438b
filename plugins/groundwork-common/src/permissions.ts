import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Start a change to an entity's infrastructure or delivery: a Terraform run,
 * an Argo CD Application, a promotion. The policy decides per entity, so the
 * resource is the catalog entity the step names (`entityRef`).
 */
export const groundworkEntityChangePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'groundwork.entity.change',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/**
 * Change an environment marked `production` in `groundwork.environments`:
 * plan or apply its infrastructure, deliver to it. Asked in addition to
 * {@link groundworkEntityChangePermission}.
 */
export const groundworkProductionChangePermission = createPermission({
  name: 'groundwork.environment.production.change',
  attributes: { action: 'update' },
});

/**
 * Offboard a person: remove their GitHub memberships and their access files.
 * The resource is the person's catalog User.
 */
export const groundworkUserOffboardPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'groundwork.user.offboard',
    attributes: { action: 'delete' },
    resourceType: 'catalog-entity',
  });

/**
 * Approve or reject someone else's request (access now; waivers and budgets
 * later). The requests backend refuses a decision by the requester whatever
 * the policy says.
 */
export const groundworkRequestApprovePermission = createPermission({
  name: 'groundwork.request.approve',
  attributes: { action: 'update' },
});

/** Every permission Groundwork defines, for the permission registry and the policy. */
export const groundworkPermissions = [
  groundworkEntityChangePermission,
  groundworkProductionChangePermission,
  groundworkUserOffboardPermission,
  groundworkRequestApprovePermission,
];
