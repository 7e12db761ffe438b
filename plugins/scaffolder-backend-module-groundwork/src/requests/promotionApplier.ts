import type { RequestApplier } from '@groundwork/plugin-requests-node';
import {
  promotionPayload,
  PROMOTION_REQUEST_KIND,
} from '../actions/promotion/payload';

/**
 * Production promotions wait for a second person. Approving one changes
 * nothing by itself: it is the permission that the requester's next
 * promote-service run for the same service, environment and image tag
 * finds (groundwork:promotion:require-approval), so Terraform still runs
 * as that person, through the production gate, in a task they watch.
 */
export function createPromotionRequestApplier(): RequestApplier {
  return {
    kind: PROMOTION_REQUEST_KIND,

    async validate(payload) {
      return promotionPayload(payload);
    },

    async describe(payload) {
      const p = promotionPayload(payload);
      return {
        title: `Promote ${p.entityRef} from ${p.previousEnvironment} to ${p.environment} at image ${p.imageTag}`,
        changes: [
          {
            system: 'terraform',
            target: `${p.entityRef} infrastructure in ${p.environment} (plan, production gate, apply)`,
          },
          {
            system: 'github',
            target: `pull request pinning image ${p.imageTag} in deploy/overlays/${p.environment}`,
          },
          {
            system: 'argocd',
            target: `Application of ${p.entityRef} in ${p.environment}`,
          },
        ],
      };
    },

    async apply(request) {
      promotionPayload(request.payload);
      return {
        changes: request.changes.map(c => ({
          ...c,
          status: 'done' as const,
          detail:
            'approved: runs when the requester runs promote-service again with this image',
        })),
      };
    },
  };
}
