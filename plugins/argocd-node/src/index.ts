/**
 * Argo CD API client and instance configuration, shared by `argocd:create-app`
 * and the platform-status collector.
 *
 * @packageDocumentation
 */

export { readArgoCdInstances } from './config';
export type { ArgoCdInstance, ArgoCdInstances } from './config';
export { ArgoCdClient } from './client';
export type {
  ApplicationLocation,
  ArgoCdClientOptions,
  RequestOptions,
} from './client';
export type {
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdAppProject,
  ArgoCdCluster,
  ArgoCdObjectMeta,
  ArgoCdOperationInitiator,
  ArgoCdRevisionHistory,
  ArgoCdRevisionMetadata,
  ArgoCdResourceTree,
} from './types';
