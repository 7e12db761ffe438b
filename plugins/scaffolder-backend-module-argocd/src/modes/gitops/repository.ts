import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createGithubClient } from '@groundwork/plugin-groundwork-node';
import type { Octokit } from '@octokit/rest';
import type { GitOpsConfig } from './config';

/** One file to write in a commit. */
export interface FileChange {
  path: string;
  content: string;
}

/**
 * The GitOps repository through the portal's GitHub integration: reads
 * files, commits through the Git data API (one commit for several files),
 * moves branches and opens pull requests. Every call passes the task's
 * signal; the client retries 5xx, 429, network errors and rate limits only.
 */
export class GitOpsRepository {
  private constructor(
    private readonly octokit: Octokit,
    readonly config: GitOpsConfig,
    private readonly signal?: AbortSignal,
  ) {}

  static async connect(options: {
    config: GitOpsConfig;
    integrations: ScmIntegrations;
    credentialsProvider: GithubCredentialsProvider;
    logger: LoggerService;
    signal?: AbortSignal;
    /** One unit of the client's retry backoff (see `createGithubClient`). */
    backoffMs?: number;
  }): Promise<GitOpsRepository> {
    const { config } = options;
    const integration = options.integrations.github.byHost(config.host);
    if (!integration) {
      throw new InputError(
        `argocd.gitops.repository is on ${config.host}, for which integrations.github has no entry. Add one (with a token or a GitHub App) to app-config.`,
      );
    }
    const { token } = await options.credentialsProvider.getCredentials({
      url: config.repository,
    });
    if (!token) {
      throw new AuthenticationError(
        `The GitHub integration for ${config.host} has no credentials for ${config.owner}/${config.repo}. Configure a token or install the GitHub App on that repository.`,
      );
    }
    const octokit = createGithubClient({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      // Octokit would log request failures itself; the task log says what matters.
      log: { debug() {}, info() {}, warn() {}, error() {} },
      logger: options.logger,
      retry: { unitMs: options.backoffMs },
    });
    return new GitOpsRepository(octokit, config, options.signal);
  }

  get slug() {
    return `${this.config.owner}/${this.config.repo}`;
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  async branchHead(branch: string): Promise<string | undefined> {
    const result = await this.call(
      `read branch ${branch}`,
      signal =>
        this.octokit.git.getRef({
          ...this.repo,
          ref: `heads/${branch}`,
          request: { signal },
        }),
      [404],
    );
    return result === 404 ? undefined : result.data.object.sha;
  }

  /** A file's text at a ref, or undefined when it does not exist. */
  async readFile(ref: string, path: string): Promise<string | undefined> {
    const result = await this.call(
      `read ${path}`,
      signal =>
        this.octokit.repos.getContent({
          ...this.repo,
          path,
          ref,
          request: { signal },
        }),
      [404],
    );
    if (result === 404) return undefined;
    const { data } = result;
    if (Array.isArray(data) || data.type !== 'file') {
      throw new InputError(
        `${path} in ${this.slug} is a ${
          Array.isArray(data) ? 'directory' : data.type
        }, not a file; change argocd.gitops.applicationPath or projectPath.`,
      );
    }
    return Buffer.from(
      (data as { content: string }).content,
      'base64',
    ).toString('utf8');
  }

  /** Writes `files` in one commit on top of `parent`; returns the new commit. */
  async commit(
    parent: string,
    files: FileChange[],
    message: string,
  ): Promise<string> {
    const { data: parentCommit } = await this.call('read commit', signal =>
      this.octokit.git.getCommit({
        ...this.repo,
        commit_sha: parent,
        request: { signal },
      }),
    );
    const { data: tree } = await this.call('write tree', signal =>
      this.octokit.git.createTree({
        ...this.repo,
        base_tree: parentCommit.tree.sha,
        tree: files.map(f => ({
          path: f.path,
          mode: '100644' as const,
          type: 'blob' as const,
          content: f.content,
        })),
        request: { signal },
      }),
    );
    const { data: commit } = await this.call('write commit', signal =>
      this.octokit.git.createCommit({
        ...this.repo,
        message,
        tree: tree.sha,
        parents: [parent],
        ...(this.config.author && {
          author: { ...this.config.author, date: new Date().toISOString() },
        }),
        request: { signal },
      }),
    );
    return commit.sha;
  }

  /**
   * Moves a branch to `sha`. Without `force` only a fast-forward is
   * accepted; returns false when someone pushed in between.
   */
  async moveBranch(branch: string, sha: string, force = false) {
    const result = await this.call(
      `update branch ${branch}`,
      signal =>
        this.octokit.git.updateRef({
          ...this.repo,
          ref: `heads/${branch}`,
          sha,
          force,
          request: { signal },
        }),
      force ? [] : [422],
    );
    return result !== 422;
  }

  async createBranch(branch: string, sha: string) {
    await this.call(`create branch ${branch}`, signal =>
      this.octokit.git.createRef({
        ...this.repo,
        ref: `refs/heads/${branch}`,
        sha,
        request: { signal },
      }),
    );
  }

  /** The open pull request from `branch` into `base`, if any. */
  async openPullRequest(branch: string, base: string) {
    const { data } = await this.call('list pull requests', signal =>
      this.octokit.pulls.list({
        ...this.repo,
        state: 'open',
        head: `${this.config.owner}:${branch}`,
        base,
        request: { signal },
      }),
    );
    const pull = data[0];
    return pull && { number: pull.number, url: pull.html_url };
  }

  async createPullRequest(options: {
    branch: string;
    base: string;
    title: string;
    body: string;
  }) {
    const { data } = await this.call('open pull request', signal =>
      this.octokit.pulls.create({
        ...this.repo,
        head: options.branch,
        base: options.base,
        title: options.title,
        body: options.body,
        request: { signal },
      }),
    );
    return { number: data.number, url: data.html_url };
  }

  private get repo() {
    return { owner: this.config.owner, repo: this.config.repo };
  }

  /**
   * One GitHub call (the client retries what may pass); failures say what
   * to do. A status in `expected` is returned instead of thrown.
   */
  private async call<T, E extends number = never>(
    what: string,
    fn: (signal?: AbortSignal) => Promise<T>,
    expected: E[] = [],
  ): Promise<T | E> {
    try {
      return await fn(this.signal);
    } catch (error) {
      if (this.signal?.aborted) throw this.signal.reason ?? error;
      const code = status(error);
      if (code !== undefined && (expected as number[]).includes(code)) {
        return code as E;
      }
      throw this.toError(what, error);
    }
  }

  private toError(what: string, error: unknown): Error {
    const code = status(error);
    const said = (error as Error).message;
    const where = `GitHub answered ${code ?? 'nothing'} to "${what}" in ${
      this.slug
    }: ${said}`;
    switch (code) {
      case 401:
        return new AuthenticationError(
          `${where}. The credentials of the portal's GitHub integration are invalid or expired; renew the token or GitHub App key in integrations.github.`,
        );
      case 403:
        return new NotAllowedError(
          `${where}. The integration's token or GitHub App needs contents: write and pull requests: write on ${this.slug} (and branch protection must let it push to the base branch in commit mode).`,
        );
      case 404:
        return new NotFoundError(
          `${where}. Check argocd.gitops.repository and baseBranch, and that the integration's credentials can see the repository.`,
        );
      case 409:
        return new ConflictError(`${where}. Run the step again.`);
      case 422:
        return new InputError(where);
      case undefined:
        return new ServiceUnavailableError(
          `${where}. GitHub could not be reached.`,
        );
      default:
        return new ServiceUnavailableError(where);
    }
  }
}

function status(error: unknown): number | undefined {
  const s = (error as { status?: unknown })?.status;
  return typeof s === 'number' && s > 0 ? s : undefined;
}
