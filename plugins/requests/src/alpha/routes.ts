import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Requests page. */
export const rootRouteRef = createRouteRef();
