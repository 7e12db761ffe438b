/**
 * A GitHub stand-in that hosts repositories: the REST API (held against
 * `@octokit/openapi` like every GitHub stand-in), GraphQL (held against
 * `@octokit/graphql-schema`), and a Git server beside it where `git clone`
 * and `git push` work, all over the same bare repositories.
 *
 *   const github = await createGitHubHostingStandIn({ tokens: ['ghs_test'] }).start();
 *   github.state.addOrg({ login: 'acme' });
 *   github.repos.addRepo({ owner: 'acme', name: 'gitops', files: { 'README.md': '# GitOps\n' } });
 *   // Backstage: integrations.github = [github.integrationConfig()]
 *   ...
 *   github.repos.file('acme', 'svc', 'main', 'catalog-info.yaml');
 *   github.repos.mergePull('acme', 'svc', 1);
 *   github.assertNoViolations();
 *   await github.stop();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubHandler, GitHubStandIn, GitHubStandInOptions } from '.';
import { GitHttpServer } from './gitServer';
import { graphqlHandler } from './graphql';
import { HostedRepos } from './hostedRepos';
import type { HostingLinks } from './hostedRepresentations';
import {
  GitHostingContext,
  HOSTING_KEY,
  hostingHandlers,
  hostingOf,
} from './hostingHandlers';
import { peopleHandlers } from './people';
import { bypassedLines, pushRefusal, pushRefusalLines } from './protection';
import { protectionHandlers } from './protectionHandlers';
import { repoHandlers } from './repos';
import { apiBase } from './responses';
import { GitHubState } from './state';

export interface GitHubHostingStandInOptions extends GitHubStandInOptions {
  /**
   * The host of `html_url` links (`https://<webHost>/<owner>/<repo>`) and of
   * `integrationConfig()`; `github.com` by default, so that catalog
   * annotations look as they will in production.
   */
  webHost?: string;
  /** Where the bare repositories live; a temporary directory, removed on stop, by default. */
  root?: string;
}

/** What Backstage's `integrations.github[]` needs to reach this stand-in. */
// A type, not an interface, so that it passes as a JSON config value.
export type GitHubIntegrationConfig = {
  host: string;
  apiBaseUrl: string;
  rawBaseUrl: string;
  token?: string;
};

/**
 * `repos.ts` and `people.ts` link to the API host for web pages and clones;
 * on a hosting stand-in those links go where the pages and the Git server
 * are, as GitHub's do.
 */
function rewriteLinks(
  value: unknown,
  api: string,
  links: HostingLinks,
  parent?: string,
): unknown {
  if (Array.isArray(value)) {
    return value.map(v => rewriteLinks(v, api, links, parent));
  }
  if (!value || typeof value !== 'object') return value;
  const host = new URL(links.web).host;
  const apiHost = new URL(api).host;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (typeof v !== 'string') return [key, rewriteLinks(v, api, links, key)];
      const rest = v.startsWith(`${api}/`) ? v.slice(api.length) : undefined;
      const web =
        key === 'html_url' ||
        key === 'svn_url' ||
        (parent === '_links' && key === 'html') ||
        (parent === 'html' && key === 'href');
      if (rest !== undefined && web) return [key, `${links.web}${rest}`];
      if (rest !== undefined && key === 'clone_url') {
        return [key, `${links.git}${rest}`];
      }
      if (rest?.startsWith('/raw/') && key === 'download_url') {
        return [key, `${links.git}${rest}`];
      }
      if (key === 'git_url' && v.startsWith(`git://${apiHost}/`)) {
        return [key, `git://${host}/${v.slice(`git://${apiHost}/`.length)}`];
      }
      if (key === 'ssh_url' && v.startsWith('git@stand-in:')) {
        return [key, `git@${host}:${v.slice('git@stand-in:'.length)}`];
      }
      return [key, v];
    }),
  );
}

function withHostedLinks(
  handlers: Record<string, GitHubHandler>,
): Record<string, GitHubHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([id, handle]) => [
      id,
      async (request, state) => {
        const response = await handle(request, state);
        if (response.body === undefined) return response;
        const hosting = hostingOf(state);
        return {
          ...response,
          body: rewriteLinks(response.body, apiBase(request), {
            api: apiBase(request),
            web: hosting.web,
            git: hosting.git.url,
          }),
        };
      },
    ]),
  );
}

export class GitHubHostingStandIn extends GitHubStandIn {
  /** The hosted repositories: seed, inspect, merge (also `gitRepos(state)`). */
  readonly repos: HostedRepos;
  /** The Git smart HTTP, raw and archive server. */
  readonly gitServer: GitHttpServer;
  /** `https://github.com`, or `https://<webHost>`. */
  readonly webBase: string;
  private readonly ownedRoot?: string;

  constructor(options: GitHubHostingStandInOptions = {}) {
    const state = options.state ?? new GitHubState();
    super({
      ...options,
      state,
      handlers: withHostedLinks({
        ...peopleHandlers,
        ...repoHandlers,
        ...hostingHandlers,
        ...protectionHandlers,
        ...options.handlers,
      }),
      outsideContract: {
        'POST /graphql': graphqlHandler,
        ...options.outsideContract,
      },
    });
    const root =
      options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gw-github-'));
    this.ownedRoot = options.root ? undefined : root;
    const repos = state.extension(
      'git-repos',
      () => new HostedRepos(state, root),
    );
    if (!(repos instanceof HostedRepos)) {
      throw new Error(
        'This state already holds in-memory repositories (gitRepos(state) was called first): give the hosting stand-in its own state',
      );
    }
    this.repos = repos;
    this.webBase = `https://${options.webHost ?? 'github.com'}`;
    this.gitServer = new GitHttpServer({
      repos,
      tokens: () => this.tokens,
      violations: this.violations,
      isUserToken: token => state.personalTokens.has(token),
      actorOf: token => state.actorOf(token),
      refuse: (repo, actor, update) => {
        const refusal = pushRefusal(state, repo, actor, update);
        if (!refusal) {
          return { lines: bypassedLines(state, repo, actor, update) };
        }
        return {
          lines: pushRefusalLines(refusal, this.webBase, repo),
          reason:
            refusal.code === 'GH006'
              ? 'protected branch hook declined'
              : 'push declined due to repository rule violations',
        };
      },
    });
    const context: GitHostingContext = {
      repos,
      git: this.gitServer,
      web: this.webBase,
      violations: this.violations,
    };
    state.extension(HOSTING_KEY, () => context);
  }

  override async start(port = 0): Promise<this> {
    await super.start(port);
    await this.gitServer.start();
    return this;
  }

  override async stop(): Promise<void> {
    await this.gitServer.stop();
    await super.stop();
    if (this.ownedRoot) {
      fs.rmSync(this.ownedRoot, { recursive: true, force: true });
    }
  }

  /** The Git server's base: clone `<gitUrl>/<owner>/<repo>.git`. */
  get gitUrl(): string {
    return this.gitServer.url;
  }

  /** Where `git clone` finds a repository (its `clone_url`). */
  cloneUrl(owner: string, name: string): string {
    return `${this.gitUrl}/${owner}/${name}.git`;
  }

  /**
   * One entry of Backstage's `integrations.github`: the web host of
   * `html_url` links, the API and raw bases at this stand-in, and the first
   * accepted token (none when every caller is accepted).
   */
  integrationConfig(): GitHubIntegrationConfig {
    const [token] = this.tokens ?? [];
    return {
      host: new URL(this.webBase).host,
      apiBaseUrl: this.url,
      rawBaseUrl: `${this.gitUrl}/raw`,
      ...(token && { token }),
    };
  }
}

export function createGitHubHostingStandIn(
  options: GitHubHostingStandInOptions = {},
): GitHubHostingStandIn {
  return new GitHubHostingStandIn(options);
}

export { HostedRepos, MergeRefusedError, resolveRevision } from './hostedRepos';
export type {
  HostedRepoOptions,
  HostedRepoRecord,
  MergeMethod,
  Visibility,
} from './hostedRepos';
export { GitHttpServer } from './gitServer';
export {
  codeOwnersPattern,
  mergeRefusal,
  permissionOf,
  pushRefusal,
  teamPermission,
} from './protection';
export type {
  CheckRunRecord,
  Permission,
  PushRefusal,
  RefUpdate,
  ReviewRecord,
  RulesetRecord,
  StatusRecord,
} from './protection';
export { protectionHandlers } from './protectionHandlers';
export type { GitHttpCall, GitPushVerdict, GitService } from './gitServer';
export { BareRepository, gitEnv } from './git';
export { hostingHandlers } from './hostingHandlers';
export { gitHubGraphQLSchema } from './graphql';
