/**
 * The requests-backend module that applies approved access requests.
 *
 * @packageDocumentation
 */
export { requestsModulePersonaAccess as default } from './module';
export { createAccessRequestApplier } from './accessApplier';
