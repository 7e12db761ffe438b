import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isValidVersion } from './lib/semver';

/** `moduleFactory.*`, read once at start-up and checked. */
export interface ModuleFactoryConfig {
  host: string;
  owner: string;
  repo: string;
  baseBranch: string;
  versions: Record<string, string>;
  teamReviewers: string[];
  /** `github.com?owner=acme&repo=terraform-modules`, as publish:github:pull-request takes it. */
  repoUrl: string;
  /** `https://github.com/acme/terraform-modules`. */
  webUrl: string;
  /** Git source prefix of a module: `git::https://github.com/acme/terraform-modules.git`. */
  gitUrl: string;
}

const MODULE_NAME = /^[a-z][a-z0-9-]{0,62}[a-z0-9]$/;

export function isValidModuleName(name: string): boolean {
  return MODULE_NAME.test(name);
}

/**
 * Reads `moduleFactory`; undefined when it is not configured, so the module
 * still starts (the actions then explain what to configure).
 */
export function readModuleFactoryConfig(
  config: Config,
): ModuleFactoryConfig | undefined {
  const root = config.getOptionalConfig('moduleFactory');
  if (!root) return undefined;
  const repository = root.getString('repository');
  let url: URL;
  try {
    url = new URL(repository);
  } catch {
    throw new TypeError(
      `moduleFactory.repository must be the repository's URL, e.g. https://github.com/acme/terraform-modules; got "${repository}".`,
    );
  }
  const parts = url.pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (url.protocol !== 'https:' || parts.length !== 2) {
    throw new TypeError(
      `moduleFactory.repository must be https://<host>/<owner>/<repo>; got "${repository}".`,
    );
  }
  const [owner, repo] = parts;
  const versions: Record<string, string> = {};
  const pins = root.getOptionalConfig('versions');
  for (const name of pins?.keys() ?? []) {
    const version = pins!.getString(name);
    if (!isValidModuleName(name)) {
      throw new TypeError(
        `moduleFactory.versions.${name}: module names are lower-case letters, digits and '-'.`,
      );
    }
    if (!isValidVersion(version)) {
      throw new TypeError(
        `moduleFactory.versions.${name} must be a semantic version such as 1.2.0; got "${version}".`,
      );
    }
    versions[name] = version;
  }
  return {
    host: url.host,
    owner,
    repo,
    baseBranch: root.getOptionalString('baseBranch') ?? 'main',
    versions,
    teamReviewers: root.getOptionalStringArray('teamReviewers') ?? [],
    repoUrl: `${url.host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`,
    webUrl: `https://${url.host}/${owner}/${repo}`,
    gitUrl: `git::https://${url.host}/${owner}/${repo}.git`,
  };
}

/** The configuration, or an error saying which keys to add. */
export function requireModuleFactoryConfig(
  config: ModuleFactoryConfig | undefined,
): ModuleFactoryConfig {
  if (!config) {
    throw new InputError(
      'The module factory is not configured: set moduleFactory.repository (e.g. https://github.com/acme/terraform-modules) in app-config.yaml.',
    );
  }
  return config;
}
