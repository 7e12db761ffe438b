import { WorkloadEnvironment } from '../environments';
import { Workload, WorkloadResource } from '../workload/types';
import {
  parameterPathOf,
  parametersStoreOf,
  secretKeyOf,
  secretNameOf,
  secretsStoreOf,
} from './names';

/** The database user the service connects as, with IAM authentication. */
const DATABASE_USER = 'app';
const POSTGRES_PORT = '5432';

type K8sObject = Record<string, unknown>;

/**
 * A namespaced SecretStore that reads as the service's own ServiceAccount
 * (IRSA: ESO exchanges the account's token for the service's role), so a
 * service can read its own secrets and nobody else's; the cluster-wide
 * `platform` store stays for the platform's add-ons.
 */
function awsStore(
  name: string,
  service: 'SecretsManager' | 'ParameterStore',
  workload: Workload,
  env: WorkloadEnvironment,
): K8sObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name },
    spec: {
      provider: {
        aws: {
          service,
          region: env.cloud.region,
          auth: { jwt: { serviceAccountRef: { name: workload.name } } },
        },
      },
    },
  };
}

function externalSecret(
  workload: Workload,
  resource: WorkloadResource,
  store: string,
  data: Array<{ secretKey: string; key: string }>,
  fixed: Record<string, string> = {},
): K8sObject {
  const name = secretNameOf(workload, resource);
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name },
    spec: {
      // A rotated value reaches the Secret within the hour; the pods read
      // it at their next start.
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: store },
      target: {
        name,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        ...(Object.keys(fixed).length > 0
          ? {
              template: {
                engineVersion: 'v2',
                mergePolicy: 'Merge',
                data: fixed,
              },
            }
          : {}),
      },
      data: data.map(d => ({
        secretKey: d.secretKey,
        remoteRef: { key: d.key },
      })),
    },
  };
}

/**
 * The stores and one ExternalSecret per resource with outputs: a declared
 * secret from the secret manager, the database's and bucket's coordinates
 * from the parameters their Terraform publishes. Nothing secret is in Git:
 * only where to find it.
 */
export function renderSecrets(
  workload: Workload,
  env: WorkloadEnvironment,
): K8sObject[] {
  const secrets = workload.resources.filter(r => r.type === 'secret');
  const published = workload.resources.filter(
    r => r.type === 'postgres' || r.type === 's3',
  );
  const objects: K8sObject[] = [];
  if (secrets.length > 0) {
    objects.push(
      awsStore(secretsStoreOf(workload), 'SecretsManager', workload, env),
    );
  }
  if (published.length > 0) {
    objects.push(
      awsStore(parametersStoreOf(workload), 'ParameterStore', workload, env),
    );
  }
  for (const r of secrets) {
    objects.push(
      externalSecret(workload, r, secretsStoreOf(workload), [
        { secretKey: 'value', key: secretKeyOf(workload, env, r) },
      ]),
    );
  }
  for (const r of published) {
    if (r.type === 'postgres') {
      objects.push(
        externalSecret(
          workload,
          r,
          parametersStoreOf(workload),
          ['host', 'name'].map(output => ({
            secretKey: output,
            key: parameterPathOf(workload, env, 'postgres', output),
          })),
          { port: POSTGRES_PORT, username: DATABASE_USER },
        ),
      );
    } else {
      objects.push(
        externalSecret(
          workload,
          r,
          parametersStoreOf(workload),
          [
            {
              secretKey: 'name',
              key: parameterPathOf(workload, env, 's3', 'name'),
            },
          ],
          { region: env.cloud.region },
        ),
      );
    }
  }
  return objects;
}
