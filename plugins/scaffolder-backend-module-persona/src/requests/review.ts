import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AccessReviewEntry,
  GroundworkRequest,
} from '@groundwork/plugin-requests-common';
import type { PersonaCoreDeps } from '../engine/deps';
import { listTeamMembers, teamMembershipState } from '../github/memberships';
import { ResolvedGrant, targetWords } from './grant';
import {
  AccessRepositoryReader,
  membershipKey,
  repositoryGrants,
} from './repositoryGrants';

type GitHubState = AccessReviewEntry['github'];

/**
 * Who has access through GitHub teams, and why: every persona grant in the
 * access repository and every membership an applied access request added,
 * each compared with what GitHub reports; then every active member of the
 * teams in question whom neither grants. Disagreements are said in words.
 */
export async function reviewAccess(options: {
  requests: GroundworkRequest[];
  logger: LoggerService;
  signal?: AbortSignal;
  deps: PersonaCoreDeps;
  accessRepository?: AccessRepositoryReader;
  resolve: (payload: unknown) => Promise<ResolvedGrant>;
}): Promise<AccessReviewEntry[]> {
  const { deps, signal, logger } = options;
  const org = deps.config.github?.organization;
  if (!org) return [];
  const octokit = await deps.gitHubClient(logger);
  const states = new Map<string, Promise<GitHubState>>();
  const stateOf = (team: string, login: string) => {
    const key = membershipKey(team, login);
    if (!states.has(key)) {
      states.set(
        key,
        teamMembershipState(octokit, org, team, login, { signal }).catch(
          error => {
            logger.warn(
              `Could not read the membership of ${login} in ${org}/${team}: ${error}`,
            );
            return 'unknown' as const;
          },
        ),
      );
    }
    return states.get(key)!;
  };
  const entries: AccessReviewEntry[] = [];
  /** Memberships something grants, by `team/login`: the rest are unexplained. */
  const explained = new Set<string>();
  const teams = new Set(
    (options.accessRepository?.config.github.teams ?? []).map(t =>
      t.toLowerCase(),
    ),
  );

  const byPersona = await repositoryGrants(
    options.accessRepository,
    deps.catalogue,
    signal,
  );
  for (const m of byPersona?.values() ?? []) {
    const github = await stateOf(m.team, m.login);
    explained.add(membershipKey(m.team, m.login));
    teams.add(m.team);
    entries.push({
      person: m.user,
      githubLogin: m.login,
      system: `${org}/${m.team}`,
      grant: `github team ${org}/${m.team} (${m.role})`,
      via: { persona: m.persona, file: m.path },
      ...(m.since && { since: m.since }),
      github,
      ...(github === 'absent' && {
        mismatch: `the access repository grants it (${m.path}, persona ${m.persona}) but GitHub has no such membership: the reconciler has not applied it yet, or someone removed it by hand`,
      }),
    });
  }

  for (const request of options.requests) {
    if (request.state !== 'applied') continue;
    let grant: ResolvedGrant;
    try {
      grant = await options.resolve(request.payload);
    } catch (error) {
      entries.push({
        person: request.subject ?? 'unknown',
        system: request.entityRef ?? 'unknown',
        ...(request.environment && { environment: request.environment }),
        grant: 'unknown',
        via: { requestId: request.id },
        github: 'unknown',
        mismatch: `the request no longer resolves (${
          (error as Error).message
        }); what it granted cannot be checked`,
      });
      continue;
    }
    const login = grant.person.githubLogin;
    const status = new Map(
      (request.changes ?? []).map(c => [c.target, c.status]),
    );
    for (const target of grant.targets) {
      if (target.kind !== 'team') continue;
      const words = targetWords(target, login);
      // Held before the request: the request did not grant it.
      if (status.get(words) === 'unchanged') continue;
      const slug = target.teamSlug!.toLowerCase();
      const github = await stateOf(slug, login);
      explained.add(membershipKey(slug, login));
      teams.add(slug);
      entries.push({
        person: grant.userRef,
        githubLogin: login,
        system: request.entityRef ?? grant.entityRef,
        ...((request.environment ?? grant.environment) && {
          environment: request.environment ?? grant.environment,
        }),
        grant: `github team ${org}/${slug} (${target.role})`,
        via: { requestId: request.id },
        ...(request.appliedAt && { since: request.appliedAt }),
        ...((request.expiresAt ?? grant.expiresAt) && {
          until: request.expiresAt ?? grant.expiresAt,
        }),
        github,
        ...(github === 'absent' && {
          mismatch: `request ${request.id} is applied but GitHub has no such membership: removed by hand, or the grant failed`,
        }),
      });
    }
  }

  for (const team of [...teams].sort()) {
    let members: string[];
    try {
      members = await listTeamMembers(octokit, org, team, { signal });
    } catch (error) {
      logger.warn(`Could not list the members of ${org}/${team}: ${error}`);
      continue;
    }
    for (const login of members) {
      if (explained.has(membershipKey(team, login))) continue;
      entries.push({
        person: login,
        githubLogin: login,
        system: `${org}/${team}`,
        grant: `github team ${org}/${team}`,
        via: {},
        github: 'member',
        mismatch:
          'GitHub reports this membership but neither the access repository nor an applied request grants it',
      });
    }
  }
  return entries;
}
