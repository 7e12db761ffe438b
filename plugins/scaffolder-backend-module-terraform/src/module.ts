import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { platformStatusServiceRef } from '@groundwork/plugin-platform-status-node';
import { createTerraformApplyAction } from './actions/terraformApply';

/** Registers `terraform:apply` with the scaffolder. */
export const scaffolderModuleTerraform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-terraform',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        platformStatus: platformStatusServiceRef,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
      },
      async init({
        scaffolder,
        config,
        logger,
        platformStatus,
        catalog,
        permissions,
        auth,
      }) {
        scaffolder.addActions(
          createTerraformApplyAction({
            config,
            platformStatus,
            catalog,
            permissions,
            auth,
            logger,
          }),
        );
      },
    });
  },
});
