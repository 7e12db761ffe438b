/**
 * Groundwork scaffolder module: `argocd:create-app`, GitOps delivery from a
 * template step through the Argo CD API or a commit to a GitOps repository,
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
