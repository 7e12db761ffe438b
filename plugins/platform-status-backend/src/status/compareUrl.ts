import type { ScmIntegrationRegistry } from '@backstage/integration';

/** Links from one revision of a repository to another, or undefined. */
export type CompareUrl = (
  repoURL: string,
  from: string,
  to: string,
) => string | undefined;

/**
 * The repository's web address for an Argo CD `repoURL`: HTTPS as is,
 * scp-like (`git@host:path`) and `ssh://` rewritten, `.git` dropped.
 */
function webUrlOf(repoURL: string): URL | undefined {
  const scp = /^[A-Za-z0-9_.-]+@([A-Za-z0-9.-]+):(?!\/)(.+)$/.exec(repoURL);
  const candidate = scp ? `https://${scp[1]}/${scp[2]}` : repoURL;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol === 'ssh:') {
    url = new URL(`https://${url.hostname}${url.pathname}`);
  }
  if (url.protocol !== 'https:' || url.search || url.hash) return undefined;
  url.username = '';
  url.password = '';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return url;
}

/**
 * A compare view for every host the portal has an integration for, from
 * the integration's type: GitHub and GitHub Enterprise (`/compare/a...b`),
 * GitLab, self-managed included (`/-/compare/a...b`), and Gitea
 * (`/compare/a...b`). Other types (Bitbucket, Azure DevOps) get no link
 * rather than a guessed one; so does a host without an integration, which
 * also keeps a repoURL someone typed from becoming a link to anywhere.
 */
export function compareUrlFor(
  integrations: ScmIntegrationRegistry,
): CompareUrl {
  return (repoURL, from, to) => {
    const web = webUrlOf(repoURL);
    if (!web) return undefined;
    const integration = integrations.byHost(web.host);
    const segments = web.pathname.split('/').filter(Boolean);
    const range = `${encodeURIComponent(from)}...${encodeURIComponent(to)}`;
    const base = `${web.origin}${web.pathname}`;
    switch (integration?.type) {
      case 'github':
      case 'gitea':
        return segments.length === 2 ? `${base}/compare/${range}` : undefined;
      case 'gitlab':
        return segments.length >= 2 ? `${base}/-/compare/${range}` : undefined;
      default:
        return undefined;
    }
  };
}
