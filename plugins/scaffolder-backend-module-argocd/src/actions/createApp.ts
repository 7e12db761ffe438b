import { parseActionInput } from './parseInput';
import type {
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ArgoCdClientOptions,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import { authorizeEntityChangeIn } from '@groundwork/plugin-groundwork-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { z } from 'zod/v3';
import { normaliseEntityRef } from '../manifests/render';
import { createDeliveryMode } from '../modes/createDeliveryMode';
import { readGitOpsConfig } from '../modes/gitops/config';
import type { Delivery } from '../modes/types';
import { examples } from './createApp.examples';
import { requireEnvironment } from './environment';
import { inputSchema, outputSchema } from './schema';
import type { CreateAppInput } from './types';

/** The action id; `argocd:create-resources` (Roadie) can be installed beside it. */
export const CREATE_APP_ACTION_ID = 'argocd:create-app';

export interface CreateAppActionOptions {
  config: Config;
  /** Who owns the entity a step delivers. */
  catalog: CatalogService;
  /** Asks the permission policy whether the task's initiator may act. */
  permissions: PermissionsService;
  auth: AuthService;
  /** Default: from `integrations` in config. */
  integrations?: ScmIntegrations;
  /** Default: `DefaultGithubCredentialsProvider` over the integrations. */
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** Poll timing of `waitFor` (tests shorten it). */
  wait?: { pollIntervalMs?: number; maxPollIntervalMs?: number };
  /** Retry tuning of the Argo CD client (tests shorten it). */
  client?: Pick<
    ArgoCdClientOptions,
    'maxRetries' | 'backoffMs' | 'maxBackoffMs'
  >;
}

/**
 * `argocd:create-app`: creates or updates the Argo CD Application of an
 * entity's environment, through the Argo CD API or as a commit to the
 * GitOps repository, and optionally waits for it to sync. Only for someone
 * who may change the entity (and, for a production environment, change
 * production): checked before anything else, dry runs included.
 */
export function createArgoCdCreateAppAction(options: CreateAppActionOptions) {
  const { config } = options;
  // Read once at startup, so a broken config stops the backend, not a template run.
  const environments = readGroundworkEnvironments(config);
  const integrations =
    options.integrations ?? ScmIntegrations.fromConfig(config);
  const settings = {
    instances: readArgoCdInstances(config),
    gitops: readGitOpsConfig(config),
    integrations,
    githubCredentialsProvider:
      options.githubCredentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    client: options.client,
    wait: options.wait,
  };

  return createTemplateAction({
    id: CREATE_APP_ACTION_ID,
    description:
      'Creates or updates the Argo CD Application of an entity for one environment, through the Argo CD API or as a commit (or pull request) to the GitOps repository, and optionally waits until it is synced and healthy.',
    examples,
    supportsDryRun: true,
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const environment = requireEnvironment(environments, input.environment);
      // Ownership before action: no Argo CD or Git call, and no dry-run
      // preview, for someone who may not deliver this entity here.
      const credentials = await ctx.getInitiatorCredentials();
      const action = `run argocd:create-app in ${environment.name}`;
      await authorizeEntityChangeIn({
        permissions: options.permissions,
        catalog: options.catalog,
        auth: options.auth,
        credentials,
        entityRef: normaliseEntityRef(input.entityRef),
        environment,
        what: action,
      });

      const instanceName = input.instance ?? environment.argocdInstance;
      const automated = Boolean(input.syncPolicy?.automated);
      if (input.waitFor !== 'none' && !automated) {
        throw new InputError(
          `waitFor: ${input.waitFor} needs syncPolicy.automated: without it Argo CD never syncs ${input.name} by itself. Add syncPolicy.automated, or set waitFor: none.`,
        );
      }

      const mode = createDeliveryMode(input, instanceName, ctx, settings);
      const common = {
        appName: input.name,
        project: input.project,
        url: mode.url,
      };
      if (ctx.isDryRun) {
        setOutputs(ctx, { ...common, ...mode.preview() });
        return;
      }

      const delivery = await mode.deliver();
      setOutputs(ctx, { ...common, ...delivery });
      if (input.waitFor === 'none') return;
      try {
        setOutputs(ctx, {
          ...common,
          ...(await mode.waitUntilReady(delivery)),
        });
      } catch (error) {
        ctx.logger.warn(
          `${
            ctx.signal?.aborted ? 'Cancelled while waiting' : 'Stopped waiting'
          }. ${mode.describeLeftBehind(delivery)}`,
        );
        throw error;
      }
    },
  });
}

function parseInput(raw: unknown): CreateAppInput {
  return parseActionInput(inputSchema(z), raw, CREATE_APP_ACTION_ID);
}

type Outputs = Delivery & { appName: string; project: string; url: string };

function setOutputs(
  ctx: { output(name: any, value: any): void },
  outputs: Outputs,
) {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) ctx.output(name, value);
  }
}
