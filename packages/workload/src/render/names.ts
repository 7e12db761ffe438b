import { Workload, WorkloadResource } from '../workload/types';

/** The Kubernetes Secret that holds a resource's outputs. */
export const secretNameOf = (workload: Workload, resource: WorkloadResource) =>
  `${workload.name}-${resource.id}`;

/** The environment variable a mixed value reads one output through. */
export const outputVariableOf = (resource: string, output: string) =>
  `GW_${resource}_${output}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
