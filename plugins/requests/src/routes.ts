import { createRouteRef } from '@backstage/core-plugin-api';

/** The Requests page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'requests' });
