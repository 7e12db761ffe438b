/**
 * The module factory's seed modules, and the plan synthesizer that proves
 * their defaults (and the templates' rendered Terraform) pass the
 * governance pack without Terraform or cloud access.
 *
 * @packageDocumentation
 */

export { synthesizePlan } from './synth/synthesizePlan';
export type {
  SynthesizeOptions,
  SynthesizedPlan,
} from './synth/synthesizePlan';
export type { CloudContext } from './synth/dataSources';
export { loadModule, parseHclFile } from './synth/loadModule';
export type { ModuleDef, RawValue } from './synth/loadModule';
export { UNKNOWN, isUnknown } from './synth/values';
export type { Value } from './synth/values';
export {
  FACTORY_DIR,
  examplePlanPath,
  exampleCloud,
  listModules,
  moduleVersion,
  readTfvars,
  resolveFactorySource,
  synthesizeExample,
} from './factory';
export { ACCEPTED_FINDINGS, acceptedFor } from './acceptedFindings';
export type { AcceptedFinding } from './acceptedFindings';
