import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { platformStatusApiRef } from './api/PlatformStatusApi';
import { PlatformStatusClient } from './api/PlatformStatusClient';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * Groundwork platform status for apps on the legacy frontend system. Apps on
 * the new frontend system install `@groundwork/plugin-platform-status/alpha`.
 */
export const platformStatusPlugin = createPlugin({
  id: 'platform-status',
  apis: [
    createApiFactory({
      api: platformStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformStatusClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The entity summary card: worst environment, budget burn, failing critical
 * and high findings. Wrap it in `EntitySwitch` with
 * `isPlatformStatusAvailable`.
 */
export const EntityPlatformStatusCard = platformStatusPlugin.provide(
  createComponentExtension({
    name: 'EntityPlatformStatusCard',
    component: {
      lazy: () =>
        import(
          './components/EntityPlatformStatusCard/EntityPlatformStatusCard'
        ).then(m => m.EntityPlatformStatusCard),
    },
  }),
);

/** The entity tab: environment matrix, cost and compliance findings. */
export const EntityPlatformStatusContent = platformStatusPlugin.provide(
  createRoutableExtension({
    name: 'EntityPlatformStatusContent',
    component: () =>
      import(
        './components/EntityPlatformStatusContent/EntityPlatformStatusContent'
      ).then(m => m.EntityPlatformStatusContent),
    mountPoint: entityContentRouteRef,
  }),
);

/** The portfolio page: every entity by environment, filtered and sorted. */
export const PlatformStatusPage = platformStatusPlugin.provide(
  createRoutableExtension({
    name: 'PlatformStatusPage',
    component: () =>
      import('./components/PortfolioPage/PlatformStatusPage').then(
        m => m.PlatformStatusPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
