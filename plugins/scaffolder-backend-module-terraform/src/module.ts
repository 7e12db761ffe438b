import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { platformStatusServiceRef } from '@groundwork/plugin-platform-status-node';
import { requestsServiceRef } from '@groundwork/plugin-requests-node';
import { createTerraformApplyAction } from './actions/terraformApply';
import { setUpLivePrices } from './prices';

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
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        requests: requestsServiceRef,
      },
      async init({
        scaffolder,
        config,
        logger,
        platformStatus,
        catalog,
        permissions,
        auth,
        database,
        scheduler,
        requests,
      }) {
        // With groundwork.prices.live, the gate estimates with prices the
        // providers' APIs answered, refreshed on a schedule.
        const prices = await setUpLivePrices({
          config,
          database,
          scheduler,
          logger,
        });
        scaffolder.addActions(
          createTerraformApplyAction({
            config,
            platformStatus,
            catalog,
            permissions,
            auth,
            logger,
            prices,
            requests,
          }),
        );
      },
    });
  },
});
