/**
 * Groundwork scaffolder module: `argocd:create-app`, GitOps delivery from a
 * template step through the Argo CD API or a commit to a GitOps repository,
 * `argocd:delete-app`, an entity's Application deleted again (a teardown),
 * and `argocd:register-cluster`, a new cluster registered with Argo CD.
 *
 * @packageDocumentation
 */

export { scaffolderModuleArgocd as default } from './module';
export {
  createArgoCdCreateAppAction,
  CREATE_APP_ACTION_ID,
} from './actions/createApp';
export type { CreateAppActionOptions } from './actions/createApp';
export {
  createArgoCdDeleteAppAction,
  deleteAppInputSchema,
  DELETE_APP_ACTION_ID,
} from './actions/deleteApp';
export type { DeleteAppActionOptions } from './actions/deleteApp';
export {
  createArgoCdRegisterClusterAction,
  REGISTER_CLUSTER_ACTION_ID,
} from './actions/registerCluster';
export type { RegisterClusterActionOptions } from './actions/registerCluster';
export {
  RESOURCES_FINALIZER,
  renderApplication,
  renderProject,
} from './manifests/render';
export type { CreateAppInput } from './actions/types';
export { inputSchema as createAppInputSchema } from './actions/schema';
