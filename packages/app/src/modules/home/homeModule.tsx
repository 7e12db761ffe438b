import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import homePlugin from '@backstage/plugin-home/alpha';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { Navigate } from 'react-router-dom';

/**
 * `/` (where sign-in and the logo land) shows the home page, which the home
 * plugin mounts at `/home` (the sidebar's Home). Without this, a new user
 * signing in met "ERROR 404: PAGE NOT FOUND" (issue 17).
 */
export const rootRedirect = PageBlueprint.make({
  name: 'root',
  params: {
    path: '/',
    loader: async () => <Navigate to="/home" replace />,
  },
});

export const cockpitLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./CockpitLayout').then(m => m.CockpitLayout),
  },
});

export const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'GroundworkWelcome',
    title: 'Welcome to Groundwork',
    description: 'What the portal is for, and its three doors',
    components: () =>
      import('./WelcomeCard').then(m => ({ Content: m.WelcomeCard })),
  },
});

export const needsAttentionWidget = HomePageWidgetBlueprint.make({
  name: 'needs-attention',
  params: {
    name: 'GroundworkNeedsAttention',
    title: 'Needs attention',
    description:
      'Your entities and their environments, failing, degraded, over budget or non-compliant first',
    components: () =>
      import('@groundwork/plugin-platform-status').then(m => ({
        Content: m.HomePageNeedsAttention,
      })),
  },
});

export const myRequestsWidget = HomePageWidgetBlueprint.make({
  name: 'my-requests',
  params: {
    name: 'GroundworkMyRequests',
    title: 'My requests',
    description: 'Your open requests, and what waits for your decision',
    components: () =>
      import('@groundwork/plugin-requests').then(m => ({
        Content: m.HomePageMyRequests,
      })),
  },
});

export const recentTemplateRunsWidget = HomePageWidgetBlueprint.make({
  name: 'recent-template-runs',
  params: {
    name: 'GroundworkRecentTemplateRuns',
    title: 'Recent template runs',
    description: 'Your last template runs, with their status and log',
    components: () =>
      import('./RecentTemplateRuns').then(m => ({
        Content: m.RecentTemplateRuns,
      })),
  },
});

/**
 * The home plugin's widgets that do not belong on a platform cockpit out of
 * the box: the random joke calls a public joke API (unreachable from most
 * clusters), the world clock and toolkit show placeholders until configured,
 * most and recently visited say "Visit tracking is not enabled" until the
 * home plugin's visits API is. Each can be switched back on under
 * app.extensions (packages/app/README.md).
 */
const samples = (
  [
    'home-page-widget:home/random-joke',
    'home-page-widget:home/world-clock',
    'home-page-widget:home/toolkit',
    'home-page-widget:home/most-visited',
    'home-page-widget:home/recently-visited',
  ] as const
).map(id => homePlugin.getExtension(id).override({ disabled: true }));

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    rootRedirect,
    cockpitLayout,
    welcomeWidget,
    needsAttentionWidget,
    myRequestsWidget,
    recentTemplateRunsWidget,
    ...samples,
  ],
});
