import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import {
  requestAccessEntityCard,
  requestsApi,
  requestsPage,
} from './extensions';
import { rootRouteRef } from './routes';

/** Groundwork requests in the new frontend system. */
export const requestsPlugin = createFrontendPlugin({
  pluginId: 'requests',
  title: 'Requests',
  icon: <AssignmentTurnedInIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: { root: rootRouteRef },
  extensions: [requestsApi, requestsPage, requestAccessEntityCard],
});
