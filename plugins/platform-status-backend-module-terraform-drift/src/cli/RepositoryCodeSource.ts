import type {
  AuthService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DriftTarget } from '@groundwork/plugin-platform-status-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StackCodeLookup } from './CliRefreshOnlySource';
import { codeLocation } from './codeLocation';

/** Files that make a folder a Terraform (or OpenTofu) module. */
const TERRAFORM_FILE = /\.(tf|tofu)(\.json)?$/;
/** A root module is small: a file above this is not code (state, a binary). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The stack's code for a drift check, read from the entity's repository
 * through the portal's UrlReaderService (`readTree`), so that the portal's
 * integrations (GitHub, GitHub Enterprise, GitLab, Bitbucket, Azure
 * DevOps, ...) and their credentials apply, and a host no integration or
 * `backend.reading.allow` names is refused. Where in the repository is
 * `codeLocation`'s answer. Each check downloads the folder into a fresh
 * temporary folder that `release` removes; nothing is kept between checks.
 */
export class RepositoryCodeSource {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      /** Where the temporary folders go (the system's temporary folder by default). */
      workDir?: string;
    },
  ) {}

  async codeFor(
    target: DriftTarget,
    signal?: AbortSignal,
  ): Promise<StackCodeLookup> {
    const { catalog, auth, urlReader, integrations } = this.deps;
    const entity = await catalog.getEntityByRef(target.entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      return { reason: `${target.entityRef} is no longer in the catalog.` };
    }
    const location = codeLocation(entity, target.environment, integrations);
    if ('reason' in location) return location;

    let tree;
    try {
      tree = await urlReader.readTree(location.url, {
        signal,
        // Only files; a root module holds no big ones.
        filter: (_path, info) => (info?.size ?? 0) <= MAX_FILE_BYTES,
      });
    } catch (error) {
      const e = error as Error;
      return {
        reason: `The portal could not read the Terraform code at ${
          location.url
        } (${e.name}): ${e.message}${
          e.name === 'NotFoundError'
            ? ` Set groundwork.dev/terraform-code if the root module of ${target.environment} is elsewhere.`
            : ''
        }`,
      };
    }
    const dir = await fs.mkdtemp(
      path.join(this.deps.workDir ?? os.tmpdir(), 'gw-drift-code-'),
    );
    const release = () => fs.rm(dir, { recursive: true, force: true });
    try {
      await tree.dir({ targetDir: dir });
      const names = await fs.readdir(dir);
      if (!names.some(name => TERRAFORM_FILE.test(name))) {
        await release();
        return {
          reason: `No Terraform code (.tf files) at ${location.url}: set groundwork.dev/terraform-code to the folder where terraform:apply ran for ${target.environment} (this read ${location.folder}).`,
        };
      }
    } catch (error) {
      await release();
      throw error;
    }
    return { dir, release };
  }
}
