import { WorkloadEnvironment } from '../environments';
import { Workload } from '../workload/types';
import { renderEnvironment, WORKLOAD_FOLDER } from './renderEnvironment';

/**
 * Renders a workload (parseWorkload's) for every environment: file paths
 * relative to the overlays folder (`<env>/workload/<file>`) to content.
 */
export function renderWorkload(
  workload: Workload,
  environments: readonly WorkloadEnvironment[],
): Map<string, string> {
  const files = new Map<string, string>();
  for (const env of environments) {
    for (const [file, content] of renderEnvironment(workload, env)) {
      files.set(`${env.name}/${WORKLOAD_FOLDER}/${file}`, content);
    }
  }
  return files;
}
