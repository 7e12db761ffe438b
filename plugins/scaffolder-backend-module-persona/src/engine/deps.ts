import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { GithubRetryOptions } from '@groundwork/plugin-groundwork-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { loadPersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { readPersonaModuleConfig } from '../config';
import { gitHubClientFor } from '../github/client';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import { PersonaActionDeps } from './run';

/** What resolving and applying a persona needs, without the action's own services. */
export type PersonaCoreDeps = Omit<
  PersonaActionDeps,
  'permissions' | 'requests'
>;

/** Reads every piece of config once; throws at start-up when one is wrong. */
export function createPersonaCoreDeps(options: {
  config: Config;
  catalog: CatalogService;
  auditor: AuditorService;
  /** How GitHub calls are retried; tests shorten the waits. */
  githubRetry?: GithubRetryOptions;
}): PersonaCoreDeps {
  const { config, catalog, auditor } = options;
  const environments = readGroundworkEnvironments(config);
  const moduleConfig = readPersonaModuleConfig(config);
  const integrations = ScmIntegrations.fromConfig(config);
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return {
    catalogue: loadPersonaCatalogue(config, environments.environments),
    environments,
    config: moduleConfig,
    catalog,
    auditor,
    // Per run: a GitHub App's installation token expires, and the provider
    // caches it until then.
    gitHubClient: logger =>
      gitHubClientFor({
        integrations,
        credentialsProvider,
        host: moduleConfig.github!.host,
        organization: moduleConfig.github!.organization,
        retry: options.githubRetry,
        logger,
      }),
  };
}

/** The actions' dependencies: the core, the permission framework and the requests service. */
export function createPersonaActionDeps(options: {
  config: Config;
  catalog: CatalogService;
  auditor: AuditorService;
  permissions: PermissionsService;
  requests: RequestsService;
  githubRetry?: GithubRetryOptions;
}): PersonaActionDeps {
  const { permissions, requests, ...core } = options;
  return { ...createPersonaCoreDeps(core), permissions, requests };
}
