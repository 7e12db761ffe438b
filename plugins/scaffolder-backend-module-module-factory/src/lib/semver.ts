import semver from 'semver';

/**
 * The part of semantic versioning the factory needs, on the `semver`
 * package: release versions (no pre-release or build metadata, no leading
 * `v`) and the bump for a kind of change.
 */

export type ChangeType = 'breaking' | 'feature' | 'fix';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version | undefined {
  const parsed = semver.parse(text);
  // `version` drops a leading `v` and build metadata; requiring it to equal
  // the text keeps only plain releases. Pre-releases are not releases.
  if (!parsed || parsed.version !== text || parsed.prerelease.length) {
    return undefined;
  }
  const { major, minor, patch } = parsed;
  return { major, minor, patch };
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return semver.compare(formatVersion(a), formatVersion(b));
}

const RELEASE_OF: Record<ChangeType, semver.ReleaseType> = {
  breaking: 'major',
  feature: 'minor',
  fix: 'patch',
};

/**
 * The next version after `current` for a change. Before 1.0.0 the public
 * interface is not stable (semver §4): a breaking change raises the minor
 * and anything else the patch, so 0.x modules do not jump to 1.0.0 by accident.
 */
export function bump(current: Version, change: ChangeType): Version {
  let release = RELEASE_OF[change];
  if (current.major === 0) release = change === 'breaking' ? 'minor' : 'patch';
  return parseVersion(semver.inc(formatVersion(current), release)!)!;
}

/** The tag of a module release: `aws-network/v1.2.0`. */
export function tagFor(module: string, version: string): string {
  return `${module}/v${version}`;
}

export interface NextVersion {
  version: string;
  previousVersion?: string;
  tag: string;
  /** Tags of the module that were not release versions and were ignored. */
  ignoredTags: string[];
}

/**
 * Picks the next version from the module's existing tags. Only tags of this
 * module count (`<module>/vX.Y.Z`); pre-releases and malformed tags are
 * ignored and reported. The first release is 1.0.0: a module that passed the
 * factory's checks is ready to be depended upon.
 */
export function nextVersion(
  module: string,
  change: ChangeType,
  tags: readonly string[],
): NextVersion {
  const prefix = `${module}/v`;
  const ignoredTags: string[] = [];
  let latest: Version | undefined;
  for (const tag of tags) {
    const name = tag.replace(/^refs\/tags\//, '');
    if (!name.startsWith(prefix)) continue;
    const v = parseVersion(name.slice(prefix.length));
    if (!v) {
      ignoredTags.push(name);
      continue;
    }
    if (!latest || compareVersions(v, latest) > 0) latest = v;
  }
  const next = latest ? bump(latest, change) : { major: 1, minor: 0, patch: 0 };
  const version = formatVersion(next);
  return {
    version,
    previousVersion: latest && formatVersion(latest),
    tag: tagFor(module, version),
    ignoredTags,
  };
}
