/**
 * Groundwork scaffolder module: the Terraform module factory.
 *
 * @packageDocumentation
 */

export { scaffolderModuleModuleFactory as default } from './module';
export { createModuleFactoryCheckAction } from './actions/check';
export { createModuleFactoryNextVersionAction } from './actions/nextVersion';
export type { FactoryActionOptions } from './actions/nextVersion';
export { createModuleFactoryPreparePullRequestAction } from './actions/preparePullRequest';
export { createModuleFactoryResolveAction } from './actions/resolve';
export { readModuleFactoryConfig } from './config';
export type { ModuleFactoryConfig } from './config';
export {
  checkModuleStructure,
  isPinnedConstraint,
} from './lib/checkModuleStructure';
export type {
  ModuleStructure,
  ModuleVariable,
  StructureCheck,
  CheckStatus,
} from './lib/checkModuleStructure';
export { governExamplePlan } from './lib/governExamplePlan';
export type {
  EnvironmentVerdict,
  GateEnvironment,
} from './lib/governExamplePlan';
export { nextVersion, bump, parseVersion } from './lib/semver';
export type { ChangeType, NextVersion, Version } from './lib/semver';
export type { FactoryRepository } from './lib/factoryRepository';
