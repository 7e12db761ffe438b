import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `argocd.gitops`: where GitOps mode writes Application manifests. */
export interface GitOpsConfig {
  /** `https://github.com/acme/gitops` */
  repository: string;
  owner: string;
  repo: string;
  host: string;
  /** The branch the app-of-apps watches (default `main`). */
  baseBranch: string;
  mode: 'commit' | 'pull-request';
  applicationPath: string;
  projectPath: string;
  /** `metadata.namespace` of the manifests: the Argo CD control plane's. */
  namespace: string;
  branchPrefix: string;
  author?: { name: string; email: string };
}

const PATH_TOKENS = [
  'name',
  'appNamespace',
  'environment',
  'instance',
  'project',
  'namespace',
  'entityKind',
  'entityNamespace',
  'entityName',
] as const;

type PathToken = (typeof PATH_TOKENS)[number];

/** Reads `argocd.gitops`; undefined when GitOps mode is not configured. */
export function readGitOpsConfig(config: Config): GitOpsConfig | undefined {
  const c = config.getOptionalConfig('argocd.gitops');
  if (!c) return undefined;
  const repository = c
    .getString('repository')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  let url: URL;
  try {
    url = new URL(repository);
  } catch {
    throw new InputError(
      `argocd.gitops.repository must be a repository URL such as https://github.com/acme/gitops, got "${repository}".`,
    );
  }
  const [owner, repo, ...rest] = url.pathname.replace(/^\/+/, '').split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new InputError(
      `argocd.gitops.repository must name a repository as https://<host>/<owner>/<repo>, got "${repository}".`,
    );
  }
  const mode = c.getOptionalString('mode') ?? 'pull-request';
  if (mode !== 'commit' && mode !== 'pull-request') {
    throw new InputError(
      `argocd.gitops.mode must be commit or pull-request, got "${mode}".`,
    );
  }
  const applicationPath =
    c.getOptionalString('applicationPath') ??
    'apps/{instance}/{environment}/{name}.yaml';
  const projectPath =
    c.getOptionalString('projectPath') ?? 'projects/{instance}/{project}.yaml';
  for (const [key, pattern] of [
    ['applicationPath', applicationPath],
    ['projectPath', projectPath],
  ] as const) {
    checkPattern(`argocd.gitops.${key}`, pattern);
  }
  const author = c.getOptionalConfig('author');
  return {
    repository,
    host: url.host,
    owner,
    repo,
    baseBranch: c.getOptionalString('baseBranch') ?? 'main',
    mode,
    applicationPath,
    projectPath,
    namespace: c.getOptionalString('namespace') ?? 'argocd',
    branchPrefix: c.getOptionalString('branchPrefix') ?? 'backstage/argocd/',
    author: author && {
      name: author.getString('name'),
      email: author.getString('email'),
    },
  };
}

function checkPattern(key: string, pattern: string) {
  for (const [, token] of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!(PATH_TOKENS as readonly string[]).includes(token)) {
      throw new InputError(
        `${key} uses {${token}}, which is not one of ${PATH_TOKENS.map(
          t => `{${t}}`,
        ).join(', ')}.`,
      );
    }
  }
  if (!/\.ya?ml$/.test(pattern)) {
    throw new InputError(`${key} must end in .yaml or .yml, got "${pattern}".`);
  }
}

/**
 * Fills a path pattern. Values come from inputs that are already RFC 1123
 * names, so they cannot climb out of the repository; the result is checked
 * anyway.
 */
export function renderPath(
  pattern: string,
  values: Partial<Record<PathToken, string>>,
): string {
  const path = pattern.replace(/\{([^}]*)\}/g, (_, token: PathToken) => {
    const value = values[token];
    if (!value) {
      throw new InputError(
        `The GitOps path pattern "${pattern}" uses {${token}}, which this step does not give (set instance or appNamespace, or change the pattern).`,
      );
    }
    return value;
  });
  const segments = path.split('/');
  if (
    path.startsWith('/') ||
    segments.some(s => s === '' || s === '.' || s === '..')
  ) {
    throw new InputError(
      `The GitOps path "${path}" is not a relative path inside the repository.`,
    );
  }
  return path;
}
