import {
  ApiBlueprint,
  PageBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import DashboardIcon from '@material-ui/icons/Dashboard';
import { platformStatusApiRef } from '../api/PlatformStatusApi';
import { PlatformStatusClient } from '../api/PlatformStatusClient';
import { isPlatformStatusAvailable } from '../lib/availability';
import { rootRouteRef } from './routes';

/** The HTTP client; one instance per app, so the card and tab share its answers. */
export const platformStatusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformStatusClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-card:platform-status/summary`: worst environment, budget burn and
 * failing critical and high findings, beside the About card.
 */
export const platformStatusEntityCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    type: 'info',
    filter: isPlatformStatusAvailable,
    loader: () =>
      import(
        '../components/EntityPlatformStatusCard/EntityPlatformStatusCard'
      ).then(m => <m.EntityPlatformStatusCard />),
  },
});

/**
 * `entity-card:platform-status/rollup`: on a Group's and a System's page,
 * their entities' environments rolled up (cost against budget, how many
 * need attention).
 */
export const platformStatusRollupCard = EntityCardBlueprint.make({
  name: 'rollup',
  params: {
    filter: entity =>
      ['group', 'system'].includes(entity.kind.toLocaleLowerCase('en-US')),
    loader: () =>
      import('../components/EntityRollupCard/EntityRollupCard').then(m => (
        <m.EntityRollupCard />
      )),
  },
});

/**
 * `entity-content:platform-status/environments`: the environment matrix,
 * cost against budget and compliance findings, under Deployment.
 */
export const platformStatusEntityContent = EntityContentBlueprint.make({
  name: 'environments',
  params: {
    path: 'platform-status',
    title: 'Platform status',
    group: 'deployment',
    filter: isPlatformStatusAvailable,
    loader: () =>
      import(
        '../components/EntityPlatformStatusContent/EntityPlatformStatusContent'
      ).then(m => <m.EntityPlatformStatusContent />),
  },
});

/** `page:platform-status`: the portfolio, in the navigation. */
export const platformStatusPage = PageBlueprint.make({
  params: {
    path: '/platform-status',
    title: 'Platform status',
    icon: <DashboardIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/PortfolioPage/PlatformStatusPage').then(m => (
        <m.PortfolioPageContent />
      )),
  },
});
