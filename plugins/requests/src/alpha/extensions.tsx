import {
  ApiBlueprint,
  PageBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { requestsApiRef } from '../api/RequestsApi';
import { RequestsClient } from '../api/RequestsClient';
import { rootRouteRef } from './routes';

export const requestsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: requestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RequestsClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:requests`: what waits for approval, in the navigation. */
export const requestsPage = PageBlueprint.make({
  params: {
    path: '/requests',
    title: 'Requests',
    icon: <AssignmentTurnedInIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/RequestsPage').then(m => <m.RequestsPage />),
  },
});

/** `entity-card:requests/request-access`: "Request access" on a System's page. */
export const requestAccessEntityCard = EntityCardBlueprint.make({
  name: 'request-access',
  params: {
    filter: 'kind:system',
    loader: () =>
      import('../components/EntityRequestAccessCard').then(m => (
        <m.EntityRequestAccessCard />
      )),
  },
});
