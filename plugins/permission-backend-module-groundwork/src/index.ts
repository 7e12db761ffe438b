/**
 * Groundwork's default permission policy for Backstage's permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleGroundworkPolicy as default } from './module';
export { GroundworkPermissionPolicy } from './policy/GroundworkPermissionPolicy';
export type { Requester } from './policy/GroundworkPermissionPolicy';
export { MANAGER_ANNOTATION } from './policy/conditions';
