import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { requestsApiRef } from './api/RequestsApi';
import { RequestsClient } from './api/RequestsClient';
import { rootRouteRef } from './routes';

/**
 * Groundwork requests for apps on the legacy frontend system. Apps on the
 * new frontend system install `@groundwork/plugin-requests/alpha`.
 */
export const requestsPlugin = createPlugin({
  id: 'requests',
  apis: [
    createApiFactory({
      api: requestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RequestsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Requests page; mount it at `/requests` (the links requests send point there). */
export const RequestsPage = requestsPlugin.provide(
  createRoutableExtension({
    name: 'RequestsPage',
    component: () =>
      import('./components/RequestsPage').then(m => m.RequestsPage),
    mountPoint: rootRouteRef,
  }),
);

/** On a System's page: "Request access", temporary access that ends on its own. */
export const EntityRequestAccessCard = requestsPlugin.provide(
  createComponentExtension({
    name: 'EntityRequestAccessCard',
    component: {
      lazy: () =>
        import('./components/EntityRequestAccessCard').then(
          m => m.EntityRequestAccessCard,
        ),
    },
  }),
);
