import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import DashboardIcon from '@material-ui/icons/Dashboard';
import {
  platformStatusApi,
  platformStatusEntityCard,
  platformStatusEntityContent,
  platformStatusPage,
  platformStatusRollupCard,
} from './extensions';
import { rootRouteRef } from './routes';

/** Groundwork platform status in the new frontend system. */
export const platformStatusPlugin = createFrontendPlugin({
  pluginId: 'platform-status',
  title: 'Platform status',
  icon: <DashboardIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    platformStatusApi,
    platformStatusEntityCard,
    platformStatusEntityContent,
    platformStatusRollupCard,
    platformStatusPage,
  ],
});
