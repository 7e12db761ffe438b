import { parsePlaceholders } from '../workload/placeholders';
import { Workload } from '../workload/types';
import { outputVariableOf, secretNameOf } from './names';

type EnvVar =
  | { name: string; value: string }
  | {
      name: string;
      valueFrom: { secretKeyRef: { name: string; key: string } };
    };

/**
 * The container's variables as Kubernetes env entries. A value that is one
 * output reads it straight from the resource's Secret; a value that mixes
 * text and outputs reads each output into a GW_* variable first and refers
 * to it with Kubernetes' $(VAR) expansion, which only sees variables defined
 * earlier in the list. Text is escaped ($ as $$) so Kubernetes never expands
 * what the author wrote literally.
 */
export function containerEnv(
  workload: Workload,
  extra: Array<{ name: string; value: string }> = [],
): EnvVar[] {
  const helpers = new Map<string, EnvVar>();
  const vars: EnvVar[] = [];
  const secretRef = (resource: string, output: string) => {
    const r = workload.resources.find(x => x.id === resource)!;
    return { secretKeyRef: { name: secretNameOf(workload, r), key: output } };
  };
  for (const v of workload.container.variables) {
    const { parts } = parsePlaceholders(v.value, workload.name);
    if (parts.length === 1 && parts[0].kind === 'output') {
      vars.push({
        name: v.name,
        valueFrom: secretRef(parts[0].resource, parts[0].output),
      });
      continue;
    }
    let value = '';
    for (const part of parts) {
      if (part.kind === 'text') {
        value += part.text.replace(/\$/g, '$$$$');
      } else {
        const helper = outputVariableOf(part.resource, part.output);
        helpers.set(helper, {
          name: helper,
          valueFrom: secretRef(part.resource, part.output),
        });
        value += `$(${helper})`;
      }
    }
    vars.push({ name: v.name, value });
  }
  return [...helpers.values(), ...extra, ...vars];
}
