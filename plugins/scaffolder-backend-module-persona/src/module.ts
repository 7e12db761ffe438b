import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-platform-status-common';
import { createPersonaOffboardAction } from './actions/offboard';
import { createPersonaOnboardAction } from './actions/onboard';
import { loadPersonaCatalogue } from './catalogue/loadPersonaCatalogue';
import { readPersonaModuleConfig } from './config';
import { PersonaActionDeps } from './engine/run';
import { gitHubClientFor } from './github/client';
import { createPersonasRouter } from './router';

/**
 * Registers persona:onboard and persona:offboard with the scaffolder, and
 * serves the resolved persona catalogue at
 * `GET /api/scaffolder/groundwork/personas`.
 */
export const scaffolderModulePersona = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-persona',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auditor,
        httpRouter,
        httpAuth,
      }) {
        const environments = readGroundworkEnvironments(config);
        const catalogue = loadPersonaCatalogue(
          config,
          environments.environments,
        );
        const moduleConfig = readPersonaModuleConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const credentialsProvider =
          DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        const deps: PersonaActionDeps = {
          catalogue,
          environments,
          config: moduleConfig,
          catalog,
          auditor,
          // Per run: a GitHub App's installation token expires, and the
          // provider caches it until then.
          gitHubClient: () =>
            gitHubClientFor({
              integrations,
              credentialsProvider,
              host: moduleConfig.github!.host,
              organization: moduleConfig.github!.organization,
            }),
        };
        scaffolder.addActions(
          createPersonaOnboardAction(deps),
          createPersonaOffboardAction(deps),
        );
        httpRouter.use(
          createPersonasRouter({ catalogue, environments, httpAuth }),
        );
      },
    });
  },
});
