import { ConflictError } from '@backstage/errors';
import type { ArgoCdAppProject } from '@groundwork/plugin-argocd-node';
import { describeDifferences, diff } from './compare';

type Destination = { server?: string; name?: string; namespace?: string };
type GroupKind = { group?: string; kind: string };

/** The result of adding what a project lacks to it. */
interface ProjectMerge {
  /** The existing spec, with what it lacked appended; the same object when nothing was. */
  spec: Record<string, unknown>;
  /** One line per entry added, e.g. `sourceRepos: https://github.com/acme/ledger`. */
  added: string[];
}

/**
 * `projectMode: merge`: the existing project spec with what `desired`
 * lists and it lacks added to `sourceRepos`, `destinations` (the same when
 * Argo CD takes them for the same: server and namespace, or name and
 * namespace without a server), `clusterResourceWhitelist` and
 * `sourceNamespaces`, each after the entries already there, in the order
 * asked. Entries are compared literally, not as globs. Nothing is removed
 * and every other field (roles, description, blacklists, ...) stays as it
 * is: the project is shared with other services.
 *
 * A `namespaceResourceBlacklist` entry the project lacks would tighten it
 * for every other application in it, so it is a conflict, not a merge.
 */
export function mergeProjectSpec(
  existing: Record<string, unknown> | undefined,
  desired: Record<string, unknown>,
  project: string,
  where: string,
): ProjectMerge {
  const current = existing ?? {};
  assertNoTightening(current, desired, project, where);
  const added: string[] = [];
  const spec: Record<string, unknown> = { ...current };
  const union = <T>(
    field: string,
    key: (entry: T) => string,
    show: (entry: T) => string,
  ) => {
    const have = (current[field] as T[] | undefined) ?? [];
    const seen = new Set(have.map(key));
    const missing: T[] = [];
    for (const entry of (desired[field] as T[] | undefined) ?? []) {
      if (seen.has(key(entry))) continue;
      seen.add(key(entry));
      missing.push(entry);
      added.push(`${field}: ${show(entry)}`);
    }
    if (missing.length > 0) spec[field] = [...have, ...missing];
  };
  union<string>(
    'sourceRepos',
    r => r,
    r => r,
  );
  union<Destination>('destinations', destinationKey, showDestination);
  union<GroupKind>('clusterResourceWhitelist', groupKindKey, showGroupKind);
  union<string>(
    'sourceNamespaces',
    n => n,
    n => n,
  );
  return { spec: added.length > 0 ? spec : current, added };
}

function assertNoTightening(
  existing: Record<string, unknown>,
  desired: Record<string, unknown>,
  project: string,
  where: string,
) {
  const blacklisted = new Set(
    (
      (existing.namespaceResourceBlacklist as GroupKind[] | undefined) ?? []
    ).map(groupKindKey),
  );
  const tightening = (
    (desired.namespaceResourceBlacklist as GroupKind[] | undefined) ?? []
  ).filter(gk => !blacklisted.has(groupKindKey(gk)));
  if (tightening.length === 0) return;
  throw new ConflictError(
    `projectSpec.namespaceResourceBlacklist asks to blacklist ${tightening
      .map(showGroupKind)
      .join(
        ', ',
      )} in the Argo CD project "${project}" on ${where}, which does not blacklist ${
      tightening.length === 1 ? 'it' : 'them'
    }. The project is shared: a blacklist applies to every application in it, and would stop the other services from deploying ${
      tightening.length === 1 ? 'that kind' : 'those kinds'
    }, so projectMode: merge never adds one. Remove namespaceResourceBlacklist from the step (or list only kinds the project blacklists already), or ask an Argo CD admin to add it to the project after checking the other applications.`,
  );
}

/**
 * When Argo CD takes two destinations for the same one: same server and
 * namespace, or same name and namespace when there is no server
 * (`ValidateProject` refuses a project that lists one twice).
 */
function destinationKey(d: Destination) {
  return JSON.stringify(
    !d.server && d.name
      ? ['name', d.name, d.namespace ?? '']
      : ['server', d.server ?? '', d.namespace ?? ''],
  );
}

function showDestination(d: Destination) {
  const cluster = [
    d.server !== undefined && `server ${d.server}`,
    d.name !== undefined && `name ${d.name}`,
  ].filter(Boolean);
  return `${cluster.join(', ')} namespace ${d.namespace ?? ''}`;
}

function groupKindKey(gk: GroupKind) {
  return JSON.stringify([gk.group ?? '', gk.kind]);
}

function showGroupKind(gk: GroupKind) {
  return gk.group ? `${gk.group}/${gk.kind}` : gk.kind;
}

export function assertSameProject(
  existing: { spec?: unknown },
  desired: ArgoCdAppProject,
  where: string,
) {
  const differences = diff(existing.spec, desired.spec, 'spec');
  if (differences.length > 0) {
    throw new ConflictError(
      `The Argo CD project "${
        desired.metadata.name
      }" exists on "${where}" with a different spec:\n${describeDifferences(
        differences,
        where,
      )}\nA project grants permissions to every application in it, so argocd:create-app does not change it. Align projectSpec with it, use projectMode: reuse to use it as it is (or projectMode: merge to add to it what it lacks), or have an Argo CD admin change it.`,
    );
  }
}
