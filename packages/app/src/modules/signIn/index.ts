import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default sign-in page (guest only) with one that offers
 * the providers config lists.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./ConfiguredSignInPage').then(m => m.ConfiguredSignInPage),
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
