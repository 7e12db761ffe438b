import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { describePortal } from './describePortal';

/**
 * The features that depend on what config enables, and the start line that
 * says what was loaded.
 *
 * Guest sign-in is installed only where `auth.providers.guest` is configured:
 * app-config.yaml sets it for the embedded default, app-config.production.yaml
 * removes it (`guest: null`). The guest module reads its config when it
 * starts, so it cannot be installed where the key is absent. Where a team
 * leaves it configured in production anyway, Backstage's guest provider
 * refuses to issue tokens unless NODE_ENV is development.
 */
export const configuredPortalFeatures = createBackendFeatureLoader({
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
  },
  *loader({ config, logger }) {
    const portal = describePortal(config);
    logger.info(portal.line);
    if (portal.guestConfigured) {
      yield guestProvider;
    }
  },
});
