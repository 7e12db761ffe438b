export { ArgoCdStandIn, argoCdContract } from './ArgoCdStandIn';
export type {
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
  destinationPermitted,
  namespacePermitted,
  repoPermitted,
} from './projectRules';
export type { ProjectSpecLike } from './projectRules';
