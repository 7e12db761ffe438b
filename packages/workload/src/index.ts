/**
 * Reads a service's workload.yaml (Score v1b1, the subset Groundwork
 * provisions) and renders what each environment needs from it.
 *
 * @packageDocumentation
 */

export { parseWorkload, CONTAINER_NAME } from './workload/parseWorkload';
export type {
  Workload,
  WorkloadResource,
  EgressDestination,
  ResourceType,
} from './workload/types';
export { RESOURCE_OUTPUTS } from './workload/types';
export { WorkloadError } from './workload/errors';
export { parseEnvironments } from './environments';
export type { WorkloadEnvironment } from './environments';
export { renderEnvironment, WORKLOAD_FOLDER } from './render/renderEnvironment';
export { renderWorkload } from './render/renderAll';
export { diffOverlays, writeOverlays } from './render/overlayFiles';
export type { OverlayDiff } from './render/overlayFiles';
export { runCli, USAGE } from './cli/main';
export type { CliIo } from './cli/main';
