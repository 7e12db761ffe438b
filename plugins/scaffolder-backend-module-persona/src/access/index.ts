import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ArgoCdClient,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import { teamProjectName } from '@groundwork/plugin-groundwork-common';
import express from 'express';
import { gitHubClientFor } from '../github/client';
import { PersonaCoreDeps } from '../engine/deps';
import { readAccessReconcileConfig } from './config';
import { AccessReconciler } from './reconciler';
import { ACCESS_RECONCILE_TASK, createAccessRouter } from './router';
import { AccessStore } from './store';
import { teamSlugResolver } from './teamSlug';

/**
 * Sets up the access reconciler when `groundwork.persona.access` is
 * configured: its tables, its schedule (one run at a time across every
 * replica: a global task holds a lock in the database), and its routes.
 * Returns the router, or undefined when access is not configured.
 */
export async function setUpAccessReconciler(options: {
  config: Config;
  core: PersonaCoreDeps;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<
  { router: express.Router; reconciler: AccessReconciler } | undefined
> {
  const { config, core, catalog, auth } = options;
  const access = readAccessReconcileConfig(config);
  if (!access) return undefined;
  const store = await AccessStore.create(options.database);
  const integrations = ScmIntegrations.fromConfig(config);
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const argocdInstances = readArgoCdInstances(config);
  const clients = new Map<string, ArgoCdClient>();
  const org = core.config.github;

  const reconciler = new AccessReconciler({
    config: access,
    catalogue: core.catalogue,
    environments: core.environments.environments,
    organization: org?.organization,
    repositoryClient: () =>
      gitHubClientFor({
        integrations,
        credentialsProvider,
        host: access.host,
        organization: access.owner,
      }),
    organizationClient: () => core.gitHubClient(),
    teamSlugOf: teamSlugResolver(catalog, auth),
    argocd:
      access.argocd && argocdInstances.instances.length > 0
        ? {
            instances: argocdInstances.instances.map(i => i.name),
            defaultInstance: argocdInstances.defaultInstance?.name,
            client: name => {
              const instance = argocdInstances.get(name);
              if (!clients.has(instance.name)) {
                clients.set(instance.name, new ArgoCdClient({ instance }));
              }
              return clients.get(instance.name)!;
            },
            teamProject: (team, environment) =>
              teamProjectName(core.config.argocd.project, team, environment),
          }
        : undefined,
    store,
    auditor: options.auditor,
    logger: options.logger,
  });

  await options.scheduler.scheduleTask({
    id: ACCESS_RECONCILE_TASK,
    frequency: access.schedule.frequency,
    timeout: access.schedule.timeout,
    scope: 'global',
    fn: async abortSignal => {
      await reconciler.run(abortSignal as AbortSignal);
    },
  });

  return {
    reconciler,
    router: createAccessRouter({
      store,
      scheduler: options.scheduler,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
    }),
  };
}
