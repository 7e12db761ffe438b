import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { requestsServiceRef } from '@groundwork/plugin-requests-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPersonaOffboardAction } from './actions/offboard';
import { createPersonaOnboardAction } from './actions/onboard';
import { setUpAccessReconciler } from './access';
import { createPersonaActionDeps } from './engine/deps';
import { createPersonasRouter } from './router';

/**
 * Registers persona:onboard and persona:offboard with the scaffolder, and
 * serves the resolved persona catalogue at
 * `GET /api/scaffolder/groundwork/personas`; with
 * `groundwork.persona.access`, runs the access reconciler.
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
        auth: coreServices.auth,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
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
        auth,
        logger,
        database,
        scheduler,
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
        // Access as code, applied: what the access repository's merged pull
        // requests say becomes true in GitHub, Argo CD and HCP Terraform.
        const access = await setUpAccessReconciler({
          config,
          core: deps,
          catalog,
          auth,
          auditor,
          logger,
          database,
          scheduler,
          httpAuth,
          permissions,
        });
        if (access) httpRouter.use(access.router);
      },
    });
  },
});
