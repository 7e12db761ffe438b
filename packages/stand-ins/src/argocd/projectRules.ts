/**
 * The AppProject checks Argo CD's API server makes before it stores an
 * Application (`argo.ValidatePermissions`): source repositories, destinations
 * and source namespaces must match the project's glob lists, where an entry
 * starting with `!` denies.
 */

interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ProjectSpecLike {
  sourceRepos?: string[];
  destinations?: Destination[];
  sourceNamespaces?: string[];
}

function glob(pattern: string, value: string): boolean {
  const regex = pattern
    .split('')
    .map(ch => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}

/** Allowed when some positive entry matches and no `!` entry does. */
function permitted(patterns: string[] | undefined, value: string): boolean {
  const list = patterns ?? [];
  const denied = list.some(p => p.startsWith('!') && glob(p.slice(1), value));
  return !denied && list.some(p => !p.startsWith('!') && glob(p, value));
}

function normaliseRepo(url: string) {
  return url
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export function repoPermitted(project: ProjectSpecLike, repoURL: string) {
  const repo = normaliseRepo(repoURL);
  return permitted(
    (project.sourceRepos ?? []).map(p =>
      p.startsWith('!') ? `!${normaliseRepo(p.slice(1))}` : normaliseRepo(p),
    ),
    repo,
  );
}

export function destinationPermitted(
  project: ProjectSpecLike,
  destination: Destination,
  clusterServerForName: (name: string) => string | undefined,
): boolean {
  const server =
    destination.server ??
    (destination.name ? clusterServerForName(destination.name) : undefined);
  const namespace = destination.namespace ?? '';
  return (project.destinations ?? []).some(d => {
    const nsOk = glob(d.namespace ?? '', namespace) || d.namespace === '*';
    if (!nsOk) return false;
    if (d.server && server !== undefined && glob(d.server, server)) return true;
    if (d.name && destination.name && glob(d.name, destination.name))
      return true;
    return false;
  });
}

export function namespacePermitted(
  project: ProjectSpecLike,
  namespace: string,
) {
  return permitted(project.sourceNamespaces, namespace);
}
