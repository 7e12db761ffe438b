import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  createGithubClient,
  GithubRetryOptions,
} from '@groundwork/plugin-groundwork-node';
import type { Octokit } from '@octokit/rest';

/**
 * An Octokit for the organization, authenticated with the portal's GitHub
 * integration (`integrations.github`): the GitHub App installed on the
 * organization, or the token configured for the host. Retries 5xx and rate
 * limits a bounded number of times (see `createGithubClient`).
 */
export async function gitHubClientFor(options: {
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
  host: string;
  organization: string;
  retry?: GithubRetryOptions;
  /** Hears about retries and rate limits. */
  logger?: Pick<LoggerService, 'warn'>;
}): Promise<Octokit> {
  const { integrations, credentialsProvider, host, organization } = options;
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new InputError(
      `No GitHub integration for host ${host}: add it under integrations.github in app-config (a GitHub App or a token), or set groundwork.persona.github.host to a configured host.`,
    );
  }
  let token: string | undefined;
  try {
    ({ token } = await credentialsProvider.getCredentials({
      url: `https://${host}/${encodeURIComponent(organization)}`,
    }));
  } catch (error) {
    throw new InputError(
      `Could not get GitHub credentials for the organization ${organization} on ${host}: ${
        (error as Error).message
      }. Install the portal's GitHub App on ${organization}, or check integrations.github.`,
    );
  }
  if (!token) {
    throw new InputError(
      `The GitHub integration for ${host} has no credentials for the organization ${organization}: install the GitHub App on it (with the Members organization permission, read and write) or configure a token with the admin:org scope.`,
    );
  }
  return createGithubClient({
    baseUrl: integration.config.apiBaseUrl,
    auth: token,
    userAgent: 'groundwork-persona',
    retry: options.retry,
    logger: options.logger,
  });
}
