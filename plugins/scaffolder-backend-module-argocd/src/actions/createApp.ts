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
  ArgoCdClient,
  ArgoCdClientOptions,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import {
  authorizeEntityChange,
  authorizeEnvironmentChange,
} from '@groundwork/plugin-groundwork-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { z } from 'zod/v3';
import { ensureProject, upsertApplication } from '../lib/apiMode';
import { readGitOpsConfig } from '../lib/gitopsConfig';
import { runGitOps } from '../lib/gitops';
import {
  normaliseEntityRef,
  renderApplication,
  renderProject,
  toManifest,
  toYaml,
} from '../lib/render';
import { observe, waitForApplication } from '../lib/wait';
import { examples } from './createApp.examples';
import { inputSchema, outputSchema } from './schema';
import type { CreateAppInput } from './types';
import { requireEnvironment } from '../lib/environment';

/** The action id; `argocd:create-resources` (Roadie) can be installed beside it. */
export const CREATE_APP_ACTION_ID = 'argocd:create-app';

/** What a dry run says of the project, per `projectMode`. */
const PROJECT_MODE_IN_DRY_RUN = {
  reuse: 'must exist',
  create: 'created if missing',
  merge:
    'created if missing, else what it lacks of the AppProject below is added',
} as const;

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
  const instances = readArgoCdInstances(config);
  const environments = readGroundworkEnvironments(config);
  const gitops = readGitOpsConfig(config);
  const integrations =
    options.integrations ?? ScmIntegrations.fromConfig(config);
  const githubCredentialsProvider =
    options.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

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
      await authorizeEntityChange({
        permissions: options.permissions,
        catalog: options.catalog,
        auth: options.auth,
        credentials,
        entityRef: normaliseEntityRef(input.entityRef),
        what: action,
      });
      await authorizeEnvironmentChange({
        permissions: options.permissions,
        credentials,
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

      if (input.mode === 'gitops') {
        if (!gitops) {
          throw new InputError(
            'mode: gitops needs argocd.gitops (repository, mode, paths) in app-config; ask the portal admins to configure it, or use mode: api.',
          );
        }
        // The instance that watches the repository is optional here: it
        // gives links and lets the step wait; the commit needs none.
        const instance =
          instanceName || instances.instances.length > 0
            ? instances.get(instanceName)
            : undefined;
        await runGitOps({
          ctx,
          input,
          gitops,
          instance,
          integrations,
          githubCredentialsProvider,
          waitOptions: options.wait,
          clientOptions: options.client,
        });
        return;
      }

      const instance = instances.get(instanceName);
      const client = new ArgoCdClient({
        instance,
        logger: ctx.logger,
        ...options.client,
      });
      const app = renderApplication(input, input.appNamespace);
      const project =
        input.projectMode === 'reuse'
          ? undefined
          : renderProject(input, app, undefined);
      const url = client.appUrl(input.name, input.appNamespace);
      const outputs = {
        appName: input.name,
        appNamespace: input.appNamespace ?? '',
        project: input.project,
        url,
      };

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ${
            input.upsert ? 'create or update' : 'create'
          } the Argo CD application ${input.name} on instance "${
            instance.name
          }" (${url}), in project ${input.project} (${
            PROJECT_MODE_IN_DRY_RUN[input.projectMode]
          }). Nothing was sent.`,
        );
        if (project) {
          ctx.logger.info(
            `AppProject:\n${toYaml(toManifest('AppProject', project))}`,
          );
        }
        ctx.logger.info(
          `Application:\n${toYaml(toManifest('Application', app))}`,
        );
        setOutputs(ctx, {
          ...outputs,
          change: 'unchanged',
          syncStatus: 'Unknown',
          healthStatus: 'Unknown',
        });
        return;
      }

      const apiCtx = {
        client,
        logger: ctx.logger,
        signal: ctx.signal,
        checkpoint: ctx.checkpoint,
      };
      await ensureProject(apiCtx, input.projectMode, project, input.project);
      const { change, app: stored } = await upsertApplication(apiCtx, app, {
        upsert: input.upsert,
        validate: input.validate,
      });
      const appNamespace =
        stored.metadata.namespace ?? input.appNamespace ?? '';
      const initial = observe(
        stored,
        change === 'unchanged' ? undefined : app.spec,
      );
      setOutputs(ctx, {
        ...outputs,
        appNamespace,
        change,
        syncStatus: initial.syncStatus,
        healthStatus: initial.healthStatus,
        revision: initial.revision,
      });
      if (input.waitFor === 'none') return;

      try {
        const state = await waitForApplication({
          client,
          name: input.name,
          appNamespace: input.appNamespace,
          project: input.project,
          waitFor: input.waitFor,
          timeoutMs: input.timeoutSeconds * 1000,
          signal: ctx.signal,
          logger: ctx.logger,
          spec: app.spec,
          url,
          ...options.wait,
        });
        setOutputs(ctx, {
          ...outputs,
          appNamespace,
          change,
          syncStatus: state.syncStatus,
          healthStatus: state.healthStatus,
          revision: state.revision,
        });
        ctx.logger.info(
          `${input.name} is ${state.syncStatus} and ${state.healthStatus}${
            state.revision ? ` at ${state.revision}` : ''
          }: ${url}`,
        );
      } catch (error) {
        const what =
          change === 'unchanged'
            ? `The Argo CD application ${input.name} was left unchanged`
            : `The Argo CD application ${input.name} was ${change}`;
        ctx.logger.warn(
          `${
            ctx.signal?.aborted ? 'Cancelled while waiting' : 'Stopped waiting'
          }. ${what} and stays in Argo CD: ${url}`,
        );
        throw error;
      }
    },
  });
}

/**
 * The scaffolder checks inputs against the JSON schema but passes them on
 * as given; parsing applies the defaults and the checks JSON schema lacks.
 */
export function parseInput(raw: unknown): CreateAppInput {
  const result = inputSchema(z).safeParse(raw);
  if (!result.success) {
    throw new InputError(
      `Invalid input to ${CREATE_APP_ACTION_ID}: ${result.error.issues
        .map(i => `${i.path.join('.') || 'input'} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

type Outputs = {
  appName: string;
  appNamespace: string;
  project: string;
  url: string;
  change: 'created' | 'updated' | 'unchanged' | 'committed' | 'pull-request';
  syncStatus: string;
  healthStatus: string;
  revision?: string;
  pullRequestUrl?: string;
};

export function setOutputs(
  ctx: { output(name: any, value: any): void },
  outputs: Outputs,
) {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) ctx.output(name, value);
  }
}

export type { CreateAppInput };
