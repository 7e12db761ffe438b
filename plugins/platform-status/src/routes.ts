import { createRouteRef } from '@backstage/core-plugin-api';

/** The portfolio page, in legacy apps. */
export const rootRouteRef = createRouteRef({ id: 'platform-status' });

/** The entity tab, in legacy apps. */
export const entityContentRouteRef = createRouteRef({
  id: 'platform-status:entity-content',
});
