import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { requestAppliersExtensionPoint } from '@groundwork/plugin-requests-node';
import {
  createBudgetRequestApplier,
  createWaiverRequestApplier,
} from './appliers';

/**
 * Applies approved waiver and budget requests in the requests backend: the
 * terraform:apply gate then reads them while they are in force. Install it
 * beside the requests plugin:
 * `backend.add(import('@groundwork/plugin-scaffolder-backend-module-terraform/requests'))`.
 */
export const requestsModuleGovernance = createBackendModule({
  pluginId: 'requests',
  moduleId: 'governance',
  register(reg) {
    reg.registerInit({
      deps: {
        appliers: requestAppliersExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ appliers, config, catalog, auth }) {
        appliers.addApplier(
          createWaiverRequestApplier({ config, catalog, auth }),
        );
        appliers.addApplier(
          createBudgetRequestApplier({ config, catalog, auth }),
        );
      },
    });
  },
});
