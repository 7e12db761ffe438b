import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { requestsServiceRef } from '@groundwork/plugin-requests-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPersonaOffboardAction } from './actions/offboard';
import { createPersonaOnboardAction } from './actions/onboard';
import { createPersonaActionDeps } from './engine/deps';
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
        permissions: coreServices.permissions,
        requests: requestsServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auditor,
        permissions,
        requests,
        httpRouter,
        httpAuth,
      }) {
        const deps = createPersonaActionDeps({
          config,
          catalog,
          auditor,
          permissions,
          requests,
        });
        scaffolder.addActions(
          createPersonaOnboardAction(deps),
          createPersonaOffboardAction(deps),
        );
        httpRouter.use(
          createPersonasRouter({
            catalogue: deps.catalogue,
            environments: deps.environments,
            httpAuth,
          }),
        );
      },
    });
  },
});
