import { createBackendModule } from '@backstage/backend-plugin-api';
import { requestAppliersExtensionPoint } from '@groundwork/plugin-requests-node';
import { createPromotionRequestApplier } from './promotionApplier';

/**
 * Lets the requests plugin hold production promotions for a second
 * person's approval. Install it beside the requests plugin:
 * `backend.add(import('@groundwork/plugin-scaffolder-backend-module-groundwork/requests'))`.
 */
export const requestsModuleGroundworkPromotion = createBackendModule({
  pluginId: 'requests',
  moduleId: 'groundwork-promotion',
  register(reg) {
    reg.registerInit({
      deps: { appliers: requestAppliersExtensionPoint },
      async init({ appliers }) {
        appliers.addApplier(createPromotionRequestApplier());
      },
    });
  },
});
