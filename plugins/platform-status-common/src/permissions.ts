import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Asking for a fresh collection of one entity's status. Reading status needs
 * no permission of its own: it follows `catalog.entity.read` for the entity.
 */
export const platformStatusRefreshPermission = createPermission({
  name: 'platform-status.entity.refresh',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const platformStatusPermissions = [platformStatusRefreshPermission];
