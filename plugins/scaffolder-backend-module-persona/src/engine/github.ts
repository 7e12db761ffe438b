import { InputError } from '@backstage/errors';
import { Octokit } from '@octokit/rest';
import {
  ensureOrgMembership,
  ensureTeamMembership,
  findGitHubUser,
  MembershipOutcome,
  removeOrgMembership,
  removeTeamMembership,
  teamExists,
} from '../github/memberships';
import { Subject } from '../subject';
import { TargetResult } from './results';

/** What the persona asks of GitHub, in the order it is done. */
export interface GitHubTarget {
  kind: 'organization' | 'team';
  org: string;
  teamSlug?: string;
  role: 'member' | 'admin' | 'maintainer';
  /** A stable key for the scaffolder's checkpoint of this change. */
  key: string;
  label: string;
  /** A team the access reconciler manages: changed once the pull request merges. */
  onMerge?: boolean;
}

/** Why a managed team is not changed by the action itself. */
function onMergeDetail(mode: 'onboard' | 'offboard'): string {
  return `the access reconciler ${
    mode === 'onboard' ? 'adds' : 'removes'
  } this membership once the access pull request merges (groundwork.persona.access.github.teams)`;
}

export function gitHubTargets(subject: Subject): GitHubTarget[] {
  const github = subject.config.github;
  if (!github) return [];
  const org = github.organization;
  const login = subject.person.githubLogin.toLowerCase();
  const targets: GitHubTarget[] = [
    {
      kind: 'organization',
      org,
      role: subject.persona.github.organizationRole,
      key: `github.org.${org}.${login}`,
      label: `organization ${org}`,
    },
  ];
  const seen = new Set<string>();
  for (const team of subject.persona.github.teams) {
    const slug = team.slug === '{team}' ? subject.team.githubSlug : team.slug;
    if (seen.has(slug)) continue;
    seen.add(slug);
    targets.push({
      kind: 'team',
      org,
      teamSlug: slug,
      role: team.role,
      key: `github.team.${org}.${slug}.${login}`,
      label: `team ${org}/${slug}`,
      ...(github.teamsOnMerge.includes(slug.toLowerCase()) && {
        onMerge: true,
      }),
    });
  }
  return targets;
}

/** Refuses, before any change, a login GitHub does not know or a missing team. */
export async function checkGitHubTargets(
  octokit: Octokit,
  subject: Pick<Subject, 'person'>,
  targets: GitHubTarget[],
  options: { signal?: AbortSignal; requireTeams: boolean },
): Promise<void> {
  const login = subject.person.githubLogin;
  const user = await findGitHubUser(octokit, login, options);
  if (!user) {
    throw new InputError(
      `GitHub has no user ${login}; check the login on https://github.com/${login} and run the template again.`,
    );
  }
  if (!options.requireTeams) return;
  const missing: string[] = [];
  for (const target of targets) {
    if (target.kind !== 'team') continue;
    if (!(await teamExists(octokit, target.org, target.teamSlug!, options))) {
      missing.push(`${target.org}/${target.teamSlug}`);
    }
  }
  if (missing.length > 0) {
    throw new InputError(
      `The GitHub team${missing.length > 1 ? 's' : ''} ${missing.join(
        ', ',
      )} do${missing.length > 1 ? '' : 'es'} not exist: create ${
        missing.length > 1 ? 'them' : 'it'
      }, or fix the persona's github.teams or the Group's github.com/team-slug annotation.`,
    );
  }
}

function describeGitHubError(error: unknown): string {
  const e = error as { status?: number; message?: string; name?: string };
  const base = e.status
    ? `HTTP ${e.status}: ${e.message}`
    : e.message ?? String(error);
  if (e.status === 403) {
    return `${base} (the GitHub App needs the Members organization permission, read and write; a token needs admin:org)`;
  }
  if (e.status === 401) {
    return `${base} (the credentials in integrations.github were refused)`;
  }
  return base;
}

type Checkpoint = <T extends MembershipOutcome>(opts: {
  key: string;
  fn: () => Promise<T>;
}) => Promise<T>;

/**
 * Makes each target so, one checkpoint each: a retried task replays what
 * already succeeded and tries again what failed. A failure does not stop
 * the others; it is reported as `failed` with what GitHub said.
 */
export async function applyGitHubTargets(options: {
  octokit: Octokit;
  subject: Pick<Subject, 'person'>;
  targets: GitHubTarget[];
  mode: 'onboard' | 'offboard';
  removeFromOrganization: boolean;
  checkpoint: Checkpoint;
  signal?: AbortSignal;
}): Promise<TargetResult[]> {
  const { octokit, subject, targets, mode, checkpoint, signal } = options;
  const login = subject.person.githubLogin;
  // Offboarding leaves teams first: removing the org membership takes them with it.
  const ordered =
    mode === 'onboard' ? targets : [...targets.slice(1), targets[0]];
  const results: TargetResult[] = [];
  for (const target of ordered) {
    const base = {
      system: 'github' as const,
      target: `${target.label} (${target.role})`,
    };
    if (target.onMerge) {
      results.push({ ...base, status: 'skipped', detail: onMergeDetail(mode) });
      continue;
    }
    if (
      mode === 'offboard' &&
      target.kind === 'organization' &&
      !options.removeFromOrganization
    ) {
      results.push({
        ...base,
        status: 'skipped',
        detail:
          'kept: groundwork.persona.github.removeFromOrganization is false',
      });
      continue;
    }
    try {
      const outcome = await checkpoint({
        key: `${mode}.${target.key}`,
        fn: async () => {
          if (mode === 'onboard') {
            return target.kind === 'organization'
              ? ensureOrgMembership(
                  octokit,
                  target.org,
                  login,
                  target.role as 'member' | 'admin',
                  { signal },
                )
              : ensureTeamMembership(
                  octokit,
                  target.org,
                  target.teamSlug!,
                  login,
                  target.role as 'member' | 'maintainer',
                  { signal },
                );
          }
          return target.kind === 'organization'
            ? removeOrgMembership(octokit, target.org, login, { signal })
            : removeTeamMembership(
                octokit,
                target.org,
                target.teamSlug!,
                login,
                { signal },
              );
        },
      });
      results.push({ ...base, status: outcome.status, detail: outcome.detail });
    } catch (error) {
      if (signal?.aborted) throw error;
      results.push({
        ...base,
        status: 'failed',
        detail: describeGitHubError(error),
      });
    }
  }
  return results;
}

/** Offboarding leaves teams first: removing the org membership takes them with it. */
function inOrder(targets: GitHubTarget[], mode: 'onboard' | 'offboard') {
  return mode === 'onboard' || targets.length === 0
    ? targets
    : [...targets.slice(1), targets[0]];
}

/** A dry run's GitHub results: what would be asked of GitHub, nothing called. */
export function plannedGitHubResults(
  subject: Subject,
  targets: GitHubTarget[],
  mode: 'onboard' | 'offboard',
  removeFromOrganization: boolean,
): TargetResult[] {
  if (!subject.config.github) {
    return [
      {
        system: 'github',
        target: 'organization',
        status: 'skipped',
        detail: 'groundwork.persona.github.organization is not configured',
      },
    ];
  }
  return inOrder(targets, mode).map((t): TargetResult => {
    const base = {
      system: 'github' as const,
      target: `${t.label} (${t.role})`,
    };
    if (t.onMerge) {
      return { ...base, status: 'skipped', detail: onMergeDetail(mode) };
    }
    if (
      mode === 'offboard' &&
      t.kind === 'organization' &&
      !removeFromOrganization
    ) {
      return {
        ...base,
        status: 'skipped',
        detail:
          'kept: groundwork.persona.github.removeFromOrganization is false',
      };
    }
    return {
      ...base,
      status: 'planned',
      detail: mode === 'onboard' ? `would ensure ${t.role}` : 'would remove',
    };
  });
}
