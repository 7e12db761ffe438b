import { CloudProvider, WorkloadEnvironment } from '../environments';
import { Workload, WorkloadResource } from '../workload/types';

type K8sObject = Record<string, unknown>;

/** The Score type of the bucket each cloud's infrastructure provides. */
export const BUCKET_TYPE: Record<CloudProvider, 's3' | 'gcs' | 'azure-blob'> = {
  aws: 's3',
  gcp: 'gcs',
  azure: 'azure-blob',
};

/**
 * Where one cloud keeps a service's secrets and the outputs its
 * infrastructure publishes (the database's host, the bucket's name), and
 * the namespaced SecretStores that read them as the service's own
 * ServiceAccount, so a service reads its own values and nobody else's.
 */
export interface CloudSecrets {
  /** The stores, for declared secrets and for published outputs. */
  stores(
    workload: Workload,
    env: WorkloadEnvironment,
    need: { declared: boolean; published: boolean },
  ): K8sObject[];
  declaredStore(workload: Workload): string;
  publishedStore(workload: Workload): string;
  /** A declared secret's key in the store. */
  declaredKey(
    workload: Workload,
    env: WorkloadEnvironment,
    resource: WorkloadResource,
  ): string;
  /** A published output's key in the store. */
  publishedKey(
    workload: Workload,
    env: WorkloadEnvironment,
    resource: WorkloadResource,
    output: string,
  ): string;
}

const secretsStoreOf = (workload: Workload) => `${workload.name}-secrets`;

function store(name: string, provider: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name },
    spec: { provider },
  };
}

/**
 * AWS: Secrets Manager for declared secrets under <env>/<service>/, SSM
 * parameters under /groundwork/<env>/<service>/ for published outputs;
 * both through IRSA (ESO exchanges the ServiceAccount's token for the
 * service's role, which may read those two prefixes only).
 */
const aws: CloudSecrets = {
  stores(workload, env, need) {
    const auth = { jwt: { serviceAccountRef: { name: workload.name } } };
    return [
      ...(need.declared
        ? [
            store(secretsStoreOf(workload), {
              aws: {
                service: 'SecretsManager',
                region: env.cloud.region,
                auth,
              },
            }),
          ]
        : []),
      ...(need.published
        ? [
            store(`${workload.name}-parameters`, {
              aws: {
                service: 'ParameterStore',
                region: env.cloud.region,
                auth,
              },
            }),
          ]
        : []),
    ];
  },
  declaredStore: secretsStoreOf,
  publishedStore: workload => `${workload.name}-parameters`,
  declaredKey: (workload, env, resource) =>
    `${env.name}/${workload.name}/${resource.id}`,
  publishedKey: (workload, env, resource, output) =>
    `/groundwork/${env.name}/${workload.name}/${resource.type}/${output}`,
};

/**
 * GCP: Secret Manager in the environment's project, through Workload
 * Identity (the ServiceAccount is bound to the service's Google service
 * account, which may read secrets whose id starts with <env>_<service>_).
 * '_' separates because neither environment nor service names can hold
 * one: with '-', service "a" would read service "a-b"'s secrets. Declared
 * secrets are <env>_<service>_<id>, published outputs
 * <env>_<service>_<resource>_<output> (ids hold no '_', so they never meet).
 * ESO finds the cluster's name and location from the GKE metadata server.
 */
const gcp: CloudSecrets = {
  stores(workload, env) {
    return [
      store(secretsStoreOf(workload), {
        gcpsm: {
          projectID: env.cloud.account,
          auth: {
            workloadIdentity: { serviceAccountRef: { name: workload.name } },
          },
        },
      }),
    ];
  },
  declaredStore: secretsStoreOf,
  publishedStore: secretsStoreOf,
  declaredKey: (workload, env, resource) =>
    `${env.name}_${workload.name}_${resource.id}`,
  publishedKey: (workload, env, resource, output) =>
    `${env.name}_${workload.name}_${resource.id}_${output}`,
};

/**
 * Azure: the service's own key vault in the environment (azure-baseline),
 * through workload identity (ESO presents the ServiceAccount's token; the
 * account's azure.workload.identity/client-id names the service's managed
 * identity, the only one with Key Vault Secrets User there). The vault is
 * the service's alone, so names need no prefix: a declared secret is its
 * id, a published output <resource>--<output> (renderSecrets refuses a
 * secret id with '--').
 */
const azure: CloudSecrets = {
  stores(workload, env) {
    return [
      store(secretsStoreOf(workload), {
        azurekv: {
          authType: 'WorkloadIdentity',
          vaultUrl: `https://${env.keyVault}.vault.azure.net`,
          serviceAccountRef: { name: workload.name },
        },
      }),
    ];
  },
  declaredStore: secretsStoreOf,
  publishedStore: secretsStoreOf,
  declaredKey: (_workload, _env, resource) => resource.id,
  publishedKey: (_workload, _env, resource, output) =>
    `${resource.id}--${output}`,
};

export const CLOUD_SECRETS: Record<CloudProvider, CloudSecrets> = {
  aws,
  gcp,
  azure,
};
