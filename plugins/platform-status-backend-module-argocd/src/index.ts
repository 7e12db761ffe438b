/**
 * Argo CD delivery status for Groundwork platform status.
 *
 * @packageDocumentation
 */

export { platformStatusModuleArgoCd as default } from './module';
export { ArgoCdCollector, deliveryDataOf } from './ArgoCdCollector';
