import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/** Groundwork platform status in the portal (new frontend system). */
export const platformStatusPlugin = createFrontendPlugin({
  pluginId: 'platform-status',
  extensions: [],
});
