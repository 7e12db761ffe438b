import { WorkloadEnvironment } from '../environments';
import { parseWorkload } from '../workload/parseWorkload';
import { renderEnvironment, WORKLOAD_FOLDER } from './renderEnvironment';

/**
 * Renders workload.yaml for every environment: file paths relative to the
 * overlays folder (`<env>/workload/<file>`) to content.
 */
export function renderWorkload(
  workloadYaml: string,
  environments: readonly WorkloadEnvironment[],
  serviceName?: string,
): Map<string, string> {
  const workload = parseWorkload(workloadYaml, serviceName);
  const files = new Map<string, string>();
  for (const env of environments) {
    for (const [file, content] of renderEnvironment(workload, env)) {
      files.set(`${env.name}/${WORKLOAD_FOLDER}/${file}`, content);
    }
  }
  return files;
}
