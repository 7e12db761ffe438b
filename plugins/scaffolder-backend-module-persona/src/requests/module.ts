import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { requestAppliersExtensionPoint } from '@groundwork/plugin-requests-node';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { readAccessReconcileConfig } from '../access/config';
import { teamSlugResolver } from '../access/teamSlug';
import { createPersonaCoreDeps } from '../engine/deps';
import { gitHubClientFor } from '../github/client';
import { createAccessRequestApplier } from './accessApplier';

/**
 * Applies approved access requests (onboarding that waited for a second
 * person, and temporary access) in the requests backend, revokes expired
 * ones and answers the access review. Install it beside the requests plugin:
 * `backend.add(import('@groundwork/plugin-scaffolder-backend-module-persona/requests'))`.
 */
export const requestsModulePersonaAccess = createBackendModule({
  pluginId: 'requests',
  moduleId: 'persona-access',
  register(reg) {
    reg.registerInit({
      deps: {
        appliers: requestAppliersExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
      },
      async init({ appliers, config, catalog, auditor, auth }) {
        const deps = createPersonaCoreDeps({ config, catalog, auditor });
        const access = readAccessReconcileConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const credentialsProvider =
          DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        appliers.addApplier(
          createAccessRequestApplier({
            deps,
            auth,
            accessRepository: access && {
              config: access,
              repositoryClient: () =>
                gitHubClientFor({
                  integrations,
                  credentialsProvider,
                  host: access.host,
                  organization: access.owner,
                }),
              teamSlugOf: teamSlugResolver(catalog, auth),
            },
          }),
        );
      },
    });
  },
});
