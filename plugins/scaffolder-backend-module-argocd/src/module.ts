import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdCreateAppAction } from './actions/createApp';
import { createArgoCdDeleteAppAction } from './actions/deleteApp';
import { createArgoCdRegisterClusterAction } from './actions/registerCluster';

/**
 * Registers `argocd:create-app`, `argocd:delete-app` and
 * `argocd:register-cluster` with the scaffolder.
 *
 * @public
 */
export const scaffolderModuleArgocd = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-argocd',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, catalog, permissions, auth }) {
        scaffolder.addActions(
          createArgoCdCreateAppAction({ config, catalog, permissions, auth }),
          createArgoCdDeleteAppAction({ config, catalog, permissions, auth }),
          createArgoCdRegisterClusterAction({
            config,
            catalog,
            permissions,
            auth,
          }),
        );
      },
    });
  },
});
