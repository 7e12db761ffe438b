import type { Octokit } from '@octokit/rest';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { getOctokitOptions } from '@backstage/plugin-scaffolder-backend-module-github';
import {
  createGithubClient,
  GithubRetryOptions,
} from '@groundwork/plugin-groundwork-node';
import type { ModuleFactoryConfig } from '../config';

/** What the actions read from the factory repository. Read-only. */
export interface FactoryRepository {
  /** Tag names (`aws-network/v1.2.0`) of one module. */
  listModuleTags(module: string, signal?: AbortSignal): Promise<string[]>;
  /** A file's text on the base branch, or undefined when it does not exist. */
  readFile(path: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Paths of the files under a folder on the base branch. */
  listFiles(folder: string, signal?: AbortSignal): Promise<string[]>;
}

function explain(
  e: unknown,
  what: string,
  factory: ModuleFactoryConfig,
): never {
  const status = (e as { status?: number }).status;
  if (status === 401 || status === 403) {
    throw new NotAllowedError(
      `GitHub refused to let the portal ${what} in ${factory.webUrl} (HTTP ${status}): give the GitHub integration for ${factory.host} read access to the repository (contents and metadata).`,
    );
  }
  if (status === 404) {
    throw new NotFoundError(
      `${factory.webUrl} was not found while trying to ${what}: check moduleFactory.repository, and that the GitHub integration can see the repository.`,
    );
  }
  throw new ServiceUnavailableError(
    `Could not ${what} in ${factory.webUrl}: ${(e as Error).message}`,
  );
}

/** The factory repository through the portal's GitHub integration. */
export class GithubFactoryRepository implements FactoryRepository {
  private constructor(
    private readonly octokit: Octokit,
    private readonly factory: ModuleFactoryConfig,
  ) {}

  static async create(
    factory: ModuleFactoryConfig,
    integrations: ScmIntegrationRegistry,
    retry?: GithubRetryOptions,
  ): Promise<GithubFactoryRepository> {
    const options = await getOctokitOptions({
      integrations,
      host: factory.host,
      owner: factory.owner,
      repo: factory.repo,
    });
    return new GithubFactoryRepository(
      createGithubClient({ ...options, retry }),
      factory,
    );
  }

  async listModuleTags(
    module: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    try {
      // The endpoint returns every matching ref at once (it takes no paging).
      const { data } = await this.octokit.rest.git.listMatchingRefs({
        owner: this.factory.owner,
        repo: this.factory.repo,
        ref: `tags/${module}/v`,
        request: { signal },
      });
      return data.map(r => r.ref.replace(/^refs\/tags\//, ''));
    } catch (e) {
      // 409: the repository is empty, so nothing has been released yet.
      if ((e as { status?: number }).status === 409) return [];
      return explain(e, `list the tags of ${module}`, this.factory);
    }
  }

  async readFile(
    path: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        owner: this.factory.owner,
        repo: this.factory.repo,
        path,
        ref: this.factory.baseBranch,
        request: { signal },
      });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        return undefined;
      }
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 404 || status === 409) return undefined;
      return explain(e, `read ${path}`, this.factory);
    }
  }

  async listFiles(folder: string, signal?: AbortSignal): Promise<string[]> {
    try {
      const { data } = await this.octokit.rest.git.getTree({
        owner: this.factory.owner,
        repo: this.factory.repo,
        tree_sha: this.factory.baseBranch,
        recursive: 'true',
        request: { signal },
      });
      const prefix = `${folder.replace(/\/$/, '')}/`;
      return data.tree
        .filter(e => e.type === 'blob' && e.path?.startsWith(prefix))
        .map(e => e.path!);
    } catch (e) {
      if ((e as { status?: number }).status === 409) return [];
      return explain(e, `list the files of ${folder}`, this.factory);
    }
  }
}
