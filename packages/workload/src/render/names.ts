import { WorkloadEnvironment } from '../environments';
import { Workload, WorkloadResource } from '../workload/types';

/** The Kubernetes Secret that holds a resource's outputs. */
export const secretNameOf = (workload: Workload, resource: WorkloadResource) =>
  `${workload.name}-${resource.id}`;

/** The SecretStore over the environment's secret manager (AWS Secrets Manager). */
export const secretsStoreOf = (workload: Workload) =>
  `${workload.name}-secrets`;

/** The SecretStore over the parameters the service's infrastructure publishes (SSM). */
export const parametersStoreOf = (workload: Workload) =>
  `${workload.name}-parameters`;

/**
 * Where a declared secret's value lives in the environment's secret
 * manager: one prefix per environment and service, which is all the
 * service's role may read (infra/envs/<env>: secrets_read).
 */
export const secretKeyOf = (
  workload: Workload,
  env: WorkloadEnvironment,
  resource: WorkloadResource,
) => `${env.name}/${workload.name}/${resource.id}`;

/**
 * Where the service's infrastructure publishes a resource's outputs
 * (infra/envs/<env>/main.tf writes these SSM parameters).
 */
export const parameterPathOf = (
  workload: Workload,
  env: WorkloadEnvironment,
  type: 'postgres' | 's3',
  output: string,
) => `/groundwork/${env.name}/${workload.name}/${type}/${output}`;

/** The environment variable a mixed value reads one output through. */
export const outputVariableOf = (resource: string, output: string) =>
  `GW_${resource}_${output}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
