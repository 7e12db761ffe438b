import { WorkloadEnvironment } from '../environments';
import { WorkloadError } from '../workload/errors';
import { CONTAINER_NAME } from '../workload/parseWorkload';
import { parsePlaceholders } from '../workload/placeholders';
import { QUEUE_OUTPUTS, Workload, WorkloadResource } from '../workload/types';
import { BUCKET_TYPE, CLOUD_SECRETS } from './clouds';
import { secretNameOf } from './names';

const POSTGRES_PORT = '5432';

type K8sObject = Record<string, unknown>;

/**
 * What each published resource's Secret holds: outputs read from the
 * store (the service's Terraform publishes them), and outputs known here.
 * AWS connects as the fixed IAM-authenticated user `app`; on GCP and Azure
 * the user is the service's own identity, which Terraform publishes.
 */
function publishedOutputs(
  resource: WorkloadResource,
  env: WorkloadEnvironment,
): { read: string[]; fixed: Record<string, string> } {
  switch (resource.type) {
    case 'postgres':
      return env.cloud.provider === 'aws'
        ? {
            read: ['host', 'name'],
            fixed: { port: POSTGRES_PORT, username: 'app' },
          }
        : {
            read: ['host', 'name', 'username'],
            fixed: { port: POSTGRES_PORT },
          };
    case 's3':
      return { read: ['name'], fixed: { region: env.cloud.region } };
    case 'gcs':
      return { read: ['name'], fixed: {} };
    case 'queue':
      return { read: [...QUEUE_OUTPUTS[env.cloud.provider]], fixed: {} };
    case 'azure-blob':
      return {
        read: ['account', 'container'],
        // ESO's template (engine v2) builds it from the read account.
        fixed: { endpoint: 'https://{{ .account }}.blob.core.windows.net/' },
      };
    default:
      return { read: [], fixed: {} };
  }
}

const PUBLISHED_TYPES = new Set([
  'postgres',
  's3',
  'gcs',
  'azure-blob',
  'queue',
]);

/**
 * What a workload asks that this environment's cloud cannot give: another
 * cloud's bucket, a queue output another cloud's queue has (an SQS URL on
 * Pub/Sub), or (Azure) a secret id that could be mistaken for a published
 * output's name.
 */
export function cloudProblems(
  workload: Workload,
  env: WorkloadEnvironment,
): string[] {
  const provider = env.cloud.provider;
  const problems: string[] = [];
  for (const r of workload.resources) {
    if (
      (r.type === 's3' || r.type === 'gcs' || r.type === 'azure-blob') &&
      r.type !== BUCKET_TYPE[provider]
    ) {
      problems.push(
        `resources.${r.id}: ${env.name} runs on ${provider}, whose bucket is type ${BUCKET_TYPE[provider]}, not ${r.type}`,
      );
    }
    if (provider === 'azure' && r.type === 'secret' && r.id.includes('--')) {
      problems.push(
        `resources.${r.id}: on Azure a secret's name may not hold '--' (it marks the outputs the service's infrastructure publishes); rename it`,
      );
    }
  }
  const queueOutputs = QUEUE_OUTPUTS[provider];
  for (const v of workload.container.variables) {
    for (const part of parsePlaceholders(v.value, workload.name).parts) {
      if (part.kind !== 'output') continue;
      const r = workload.resources.find(x => x.id === part.resource);
      if (r?.type === 'queue' && !queueOutputs.includes(part.output)) {
        problems.push(
          `containers.${CONTAINER_NAME}.variables.${v.name}: \${resources.${
            part.resource
          }.${part.output}} is not an output of a queue on ${provider}, where ${
            env.name
          } runs; there it has ${queueOutputs.join(', ')}`,
        );
      }
    }
  }
  return problems;
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
 * secret from the cloud's secret manager, the database's and bucket's
 * coordinates from what their Terraform publishes. Nothing secret is in
 * Git: only where to find it. Throws a WorkloadError when the workload
 * asks this cloud for what it does not provide.
 */
export function renderSecrets(
  workload: Workload,
  env: WorkloadEnvironment,
): K8sObject[] {
  const problems = cloudProblems(workload, env);
  if (problems.length > 0) throw new WorkloadError(problems);
  const cloud = CLOUD_SECRETS[env.cloud.provider];
  const secrets = workload.resources.filter(r => r.type === 'secret');
  const published = workload.resources.filter(r => PUBLISHED_TYPES.has(r.type));
  if (secrets.length === 0 && published.length === 0) return [];
  const objects: K8sObject[] = cloud.stores(workload, env, {
    declared: secrets.length > 0,
    published: published.length > 0,
  });
  for (const r of secrets) {
    objects.push(
      externalSecret(workload, r, cloud.declaredStore(workload), [
        { secretKey: 'value', key: cloud.declaredKey(workload, env, r) },
      ]),
    );
  }
  for (const r of published) {
    const { read, fixed } = publishedOutputs(r, env);
    objects.push(
      externalSecret(
        workload,
        r,
        cloud.publishedStore(workload),
        read.map(output => ({
          secretKey: output,
          key: cloud.publishedKey(workload, env, r, output),
        })),
        fixed,
      ),
    );
  }
  return objects;
}
