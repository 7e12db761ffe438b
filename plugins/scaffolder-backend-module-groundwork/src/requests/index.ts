/**
 * The requests plugin's module for production promotions: approving one
 * lets its requester's next promote-service run through.
 *
 * @packageDocumentation
 */
export { requestsModuleGroundworkPromotion as default } from './module';
export { createPromotionRequestApplier } from './promotionApplier';
