import { parseActionInput } from './parseInput';
import type {
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ArgoCdClient,
  ArgoCdClientOptions,
  ArgoCdCluster,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import { authorizeEntityChangeIn } from '@groundwork/plugin-groundwork-node';
import {
  EnvironmentDelivery,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import { z } from 'zod/v3';
import { normaliseEntityRef } from '../manifests/render';
import { examples } from './registerCluster.examples';
import { requireEnvironment } from './environment';

export const REGISTER_CLUSTER_ACTION_ID = 'argocd:register-cluster';

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Argo CD's exec credential plugin, shipped in its images since v2.4 (EKS) and v2.6 (GKE, AKS). */
const K8S_AUTH = 'argocd-k8s-auth';
const EXEC_API = 'client.authentication.k8s.io/v1beta1';

function inputSchema(zod: typeof z) {
  return zod
    .object({
      instance: zod
        .string()
        .optional()
        .describe(
          "Argo CD instance (argocd.instances[].name); default: the environment's argocdInstance, then argocd.defaultInstance.",
        ),
      entityRef: zod
        .string()
        .min(1)
        .describe(
          'The entity the cluster belongs to (e.g. resource:default/environment-dev); only its owners may register it.',
        ),
      environment: zod
        .string()
        .min(1)
        .describe(
          'Environment of the cluster (groundwork.environments[].name); its delivery config gives the identity Argo CD uses.',
        ),
      name: zod
        .string()
        .max(253)
        .regex(DNS_SUBDOMAIN, 'must be a lower-case DNS subdomain')
        .describe(
          'Name of the cluster in Argo CD; Applications target it with destination.name.',
        ),
      server: zod
        .string()
        .url()
        .refine(s => s.startsWith('https://'), 'must be an https:// URL')
        .describe("The cluster's Kubernetes API server URL (https)."),
      caData: zod
        .string()
        .regex(/^[A-Za-z0-9+/=\s]+$/, 'must be base64')
        .describe(
          "Base64 PEM of the cluster's CA (public): TLS to the API server is always verified.",
        ),
      auth: zod
        .discriminatedUnion('provider', [
          zod.object({
            provider: zod.literal('aws'),
            clusterName: zod
              .string()
              .min(1)
              .max(100)
              .describe('EKS cluster name, for argocd-k8s-auth aws.'),
          }),
          // The name is not needed to authenticate on GKE and AKS; a
          // template may give it for every cloud alike.
          zod.object({
            provider: zod.literal('gcp'),
            clusterName: zod.string().max(100).optional(),
          }),
          zod.object({
            provider: zod.literal('azure'),
            clusterName: zod.string().max(100).optional(),
          }),
        ])
        .describe(
          "How Argo CD authenticates: keyless, as the central Argo CD's own cloud identity (groundwork.environments[].delivery); no token crosses the portal.",
        ),
      project: zod
        .string()
        .regex(DNS_SUBDOMAIN)
        .optional()
        .describe(
          'Scope the cluster to one Argo CD project (project-scoped cluster).',
        ),
      labels: zod
        .record(zod.string())
        .optional()
        .describe(
          'Labels of the cluster secret (e.g. for ApplicationSet cluster generators).',
        ),
    })
    .strict();
}

function outputSchema(zod: typeof z) {
  return zod.object({
    name: zod.string().describe('Name of the cluster in Argo CD'),
    server: zod.string().describe('API server URL of the cluster'),
    instance: zod
      .string()
      .describe('The Argo CD instance it is registered with'),
    connectionStatus: zod
      .string()
      .describe(
        'Connection state Argo CD reported (Successful, Failed, Unknown)',
      ),
  });
}

type Input = z.infer<ReturnType<typeof inputSchema>>;

export interface RegisterClusterActionOptions {
  config: Config;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  /** Retry tuning of the Argo CD client (tests shorten it). */
  client?: Pick<
    ArgoCdClientOptions,
    'maxRetries' | 'backoffMs' | 'maxBackoffMs'
  >;
}

/**
 * `argocd:register-cluster`: registers a new environment's cluster with the
 * central Argo CD instance (`POST /api/v1/clusters?upsert=true`), so its
 * add-ons can target it. Only keyless credentials: Argo CD reaches the
 * cluster as its own cloud identity (`argocd-k8s-auth`, IRSA / Workload
 * Identity), which the cluster layer grants; no secret is an input, output
 * or log line. Only for someone who may change the environment.
 */
export function createArgoCdRegisterClusterAction(
  options: RegisterClusterActionOptions,
) {
  const instances = readArgoCdInstances(options.config);
  const environments = readGroundworkEnvironments(options.config);

  return createTemplateAction({
    id: REGISTER_CLUSTER_ACTION_ID,
    description:
      "Registers a Kubernetes cluster with an Argo CD instance (upsert), authenticated keylessly as the Argo CD's own cloud identity (EKS IAM, GKE or AKS workload identity), so Applications can target it.",
    examples,
    supportsDryRun: true,
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(
        inputSchema(z),
        ctx.input,
        REGISTER_CLUSTER_ACTION_ID,
      );
      const environment = requireEnvironment(environments, input.environment);
      const credentials = await ctx.getInitiatorCredentials();
      const what = `register a cluster for ${environment.name}`;
      await authorizeEntityChangeIn({
        permissions: options.permissions,
        catalog: options.catalog,
        auth: options.auth,
        credentials,
        entityRef: normaliseEntityRef(input.entityRef),
        environment,
        what,
      });
      const delivery = environment.delivery ?? { mode: 'central' };
      if (delivery.mode !== 'central') {
        throw new InputError(
          `Environment "${environment.name}" has delivery.mode ${delivery.mode}: its cluster runs its own Argo CD, and registering it with a central one too would have two Argo CDs fight over its add-ons. Set groundwork.environments[].delivery.mode to central, or drop this step.`,
        );
      }
      const instance = instances.get(
        input.instance ?? environment.argocdInstance,
      );
      const cluster = renderCluster(input, delivery, environment.name);
      const outputs = {
        name: cluster.name,
        server: cluster.server,
        instance: instance.name,
      };

      // What is logged has no secret in it: the config names an identity
      // and a public CA, never a token.
      const how = describeAuth(cluster);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${cluster.server} as "${cluster.name}" with Argo CD instance "${instance.name}", ${how}. Nothing was sent.`,
        );
        ctx.output('name', outputs.name);
        ctx.output('server', outputs.server);
        ctx.output('instance', outputs.instance);
        ctx.output('connectionStatus', 'Unknown');
        return;
      }

      const client = new ArgoCdClient({
        instance,
        logger: ctx.logger,
        ...options.client,
      });
      const stored = await ctx.checkpoint({
        key: `argocd.cluster.register.${instance.name}.${cluster.server}`,
        fn: async () => {
          const answer = await client.createCluster(cluster, {
            upsert: true,
            signal: ctx.signal,
          });
          return {
            status:
              answer.info?.connectionState?.status ??
              answer.connectionState?.status ??
              'Unknown',
          };
        },
      });
      ctx.logger.info(
        `Registered ${cluster.server} as "${cluster.name}" with Argo CD instance "${instance.name}", ${how}.`,
      );
      ctx.output('name', outputs.name);
      ctx.output('server', outputs.server);
      ctx.output('instance', outputs.instance);
      ctx.output('connectionStatus', stored.status);
    },
  });
}

/** The cluster entry: keyless auth per cloud, TLS verified against the cluster's CA. */
function renderCluster(
  input: Input,
  delivery: EnvironmentDelivery,
  environment: string,
): ArgoCdCluster {
  const IDENTITY: Record<string, string> = {
    awsRoleArn: 'IAM role (IRSA)',
    gcpServiceAccount: 'Google service account (Workload Identity)',
    azureIdentity: 'managed identity (clientId, principalId, tenantId)',
  };
  const missing = (key: string) =>
    new InputError(
      `groundwork.environments entry "${environment}" has no delivery.${key}: the central Argo CD needs an identity to reach the new cluster without a token. Set it to the central Argo CD's ${IDENTITY[key]}; the cluster layer grants it access.`,
    );
  const tlsClientConfig = {
    caData: input.caData.replace(/\s+/g, ''),
    insecure: false,
  };
  let config: ArgoCdCluster['config'];
  switch (input.auth.provider) {
    case 'aws':
      if (!delivery.awsRoleArn) throw missing('awsRoleArn');
      config = {
        awsAuthConfig: {
          clusterName: input.auth.clusterName,
          roleARN: delivery.awsRoleArn,
        },
        tlsClientConfig,
      };
      break;
    case 'gcp':
      if (!delivery.gcpServiceAccount) throw missing('gcpServiceAccount');
      config = {
        execProviderConfig: {
          command: K8S_AUTH,
          args: ['gcp'],
          apiVersion: EXEC_API,
        },
        tlsClientConfig,
      };
      break;
    case 'azure': {
      const id = delivery.azureIdentity;
      if (!id) throw missing('azureIdentity');
      config = {
        execProviderConfig: {
          command: K8S_AUTH,
          args: ['azure'],
          env: {
            AAD_ENVIRONMENT_NAME: 'AzurePublicCloud',
            AAD_LOGIN_METHOD: 'workloadidentity',
            AZURE_CLIENT_ID: id.clientId,
            AZURE_TENANT_ID: id.tenantId,
            AZURE_FEDERATED_TOKEN_FILE:
              '/var/run/secrets/azure/tokens/azure-identity-token',
            AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
          },
          apiVersion: EXEC_API,
        },
        tlsClientConfig,
      };
      break;
    }
    default:
      throw new InputError('auth.provider must be aws, gcp or azure.');
  }
  return {
    server: input.server,
    name: input.name,
    config,
    ...(input.project && { project: input.project }),
    labels: {
      ...input.labels,
      'groundwork.dev/environment': environment,
    },
  };
}

function describeAuth(cluster: ArgoCdCluster) {
  const aws = cluster.config.awsAuthConfig;
  if (aws) {
    return `authenticated as ${aws.roleARN} (argocd-k8s-auth aws, cluster ${aws.clusterName})`;
  }
  return `authenticated by workload identity (${K8S_AUTH} ${cluster.config.execProviderConfig?.args?.[0]})`;
}
