export { ArgoCdStandIn, argoCdContract } from './ArgoCdStandIn';
export type {
  RevisionMetadata,
  ArgoCdStandInOptions,
  DenyRule,
  StoredObject,
} from './ArgoCdStandIn';
export { ArgoCdCrds } from './crds';
export type { ArgoCdKind } from './crds';
export { parseLabelSelector, matchesLabelSelector } from './labelSelector';
export type { LabelRequirement } from './labelSelector';
export { rollouts } from './rollouts';
export type {
  HealthStatusCode,
  OperationPhase,
  RolloutStep,
  SyncStatusCode,
} from './rollouts';
export {
  CLUSTER_SCOPED_KINDS,
  destinationPermitted,
  groupOf,
  isClusterScoped,
  namespacePermitted,
  repoPermitted,
  resourcePermitted,
  syncPermissionError,
} from './projectRules';
export type { ProjectSpecLike } from './projectRules';
export {
  gitHubRepoFiles,
  kubectlAvailable,
  kustomizeBuild,
  kustomizeRepoServer,
  ManifestGenerationError,
} from './repoServer';
export type { HostedRepoFiles, RepoFiles } from './repoServer';
