import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { requestAppliersExtensionPoint } from '@groundwork/plugin-requests-node';
import { createPersonaCoreDeps } from '../engine/deps';
import { createAccessRequestApplier } from './accessApplier';

/**
 * Applies approved access requests (onboarding that waited for a second
 * person) in the requests backend. Install it beside the requests plugin:
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
        appliers.addApplier(createAccessRequestApplier({ deps, auth }));
      },
    });
  },
});
