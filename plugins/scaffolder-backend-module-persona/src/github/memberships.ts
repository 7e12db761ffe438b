import { Octokit } from '@octokit/rest';

/**
 * GitHub organization and team memberships, made idempotent: every change
 * is preceded by a read, so a second run finds everything in place and
 * changes nothing. Roles are only ever raised here, never lowered: an
 * onboarding does not demote an owner or a maintainer.
 */

type MembershipStatus = 'added' | 'unchanged' | 'invited' | 'removed';

export type MembershipOutcome = {
  status: MembershipStatus;
  detail?: string;
};

type Signal = { signal?: AbortSignal };

function isNotFound(error: unknown): boolean {
  return (error as { status?: number })?.status === 404;
}

async function readOrUndefined<T>(read: () => Promise<{ data: T }>) {
  try {
    return (await read()).data;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function ensureOrgMembership(
  octokit: Octokit,
  org: string,
  username: string,
  role: 'member' | 'admin',
  { signal }: Signal,
): Promise<MembershipOutcome> {
  const current = await readOrUndefined(() =>
    octokit.orgs.getMembershipForUser({ org, username, request: { signal } }),
  );
  if (current && (current.role === role || current.role === 'admin')) {
    return {
      status: 'unchanged',
      detail:
        current.state === 'pending'
          ? `invitation pending (${current.role})`
          : current.role,
    };
  }
  const { data } = await octokit.orgs.setMembershipForUser({
    org,
    username,
    role,
    request: { signal },
  });
  if (current) {
    return { status: 'added', detail: `role ${current.role} → ${data.role}` };
  }
  // GitHub invites anyone who is not yet a member: pending until accepted.
  return data.state === 'pending'
    ? { status: 'invited', detail: `invited as ${data.role}` }
    : { status: 'added', detail: data.role };
}

export async function ensureTeamMembership(
  octokit: Octokit,
  org: string,
  teamSlug: string,
  username: string,
  role: 'member' | 'maintainer',
  { signal }: Signal,
): Promise<MembershipOutcome> {
  const current = await readOrUndefined(() =>
    octokit.teams.getMembershipForUserInOrg({
      org,
      team_slug: teamSlug,
      username,
      request: { signal },
    }),
  );
  if (current && (current.role === role || current.role === 'maintainer')) {
    return {
      status: 'unchanged',
      detail:
        current.state === 'pending'
          ? `pending until the organization invitation is accepted (${current.role})`
          : current.role,
    };
  }
  const { data } = await octokit.teams.addOrUpdateMembershipForUserInOrg({
    org,
    team_slug: teamSlug,
    username,
    role,
    request: { signal },
  });
  if (current) {
    return { status: 'added', detail: `role ${current.role} → ${data.role}` };
  }
  return data.state === 'pending'
    ? {
        status: 'invited',
        detail: `${data.role}, pending until the organization invitation is accepted`,
      }
    : { status: 'added', detail: data.role };
}

export async function removeTeamMembership(
  octokit: Octokit,
  org: string,
  teamSlug: string,
  username: string,
  { signal }: Signal,
): Promise<MembershipOutcome> {
  const current = await readOrUndefined(() =>
    octokit.teams.getMembershipForUserInOrg({
      org,
      team_slug: teamSlug,
      username,
      request: { signal },
    }),
  );
  if (!current) return { status: 'unchanged', detail: 'not a member' };
  await octokit.teams.removeMembershipForUserInOrg({
    org,
    team_slug: teamSlug,
    username,
    request: { signal },
  });
  return { status: 'removed', detail: `was ${current.role}` };
}

/** Removes the membership, or cancels the invitation when still pending. */
export async function removeOrgMembership(
  octokit: Octokit,
  org: string,
  username: string,
  { signal }: Signal,
): Promise<MembershipOutcome> {
  const current = await readOrUndefined(() =>
    octokit.orgs.getMembershipForUser({ org, username, request: { signal } }),
  );
  if (!current) return { status: 'unchanged', detail: 'not a member' };
  await octokit.orgs.removeMembershipForUser({
    org,
    username,
    request: { signal },
  });
  return {
    status: 'removed',
    detail:
      current.state === 'pending'
        ? 'invitation cancelled'
        : `was ${current.role}`,
  };
}

/** The user's canonical login, or undefined when GitHub has no such user. */
export async function findGitHubUser(
  octokit: Octokit,
  username: string,
  { signal }: Signal,
): Promise<{ login: string; id: number } | undefined> {
  const user = await readOrUndefined(() =>
    octokit.users.getByUsername({ username, request: { signal } }),
  );
  return user && { login: user.login, id: user.id };
}

export async function teamExists(
  octokit: Octokit,
  org: string,
  teamSlug: string,
  { signal }: Signal,
): Promise<boolean> {
  const team = await readOrUndefined(() =>
    octokit.teams.getByName({ org, team_slug: teamSlug, request: { signal } }),
  );
  return team !== undefined;
}

/**
 * What GitHub reports for a team membership: `absent` is its 404
 * (GET /orgs/{org}/teams/{team_slug}/memberships/{username}), the only
 * answer that proves a membership gone; any other failure throws.
 */
export async function teamMembershipState(
  octokit: Octokit,
  org: string,
  teamSlug: string,
  username: string,
  { signal }: Signal,
): Promise<'member' | 'pending' | 'absent'> {
  const current = await readOrUndefined(() =>
    octokit.teams.getMembershipForUserInOrg({
      org,
      team_slug: teamSlug,
      username,
      request: { signal },
    }),
  );
  if (!current) return 'absent';
  return current.state === 'pending' ? 'pending' : 'member';
}

/** The logins of the team's active members (GitHub lists no pending ones). */
export async function listTeamMembers(
  octokit: Octokit,
  org: string,
  teamSlug: string,
  { signal }: Signal,
): Promise<string[]> {
  const logins: string[] = [];
  for (let page = 1; ; page++) {
    const { data } = await octokit.teams.listMembersInOrg({
      org,
      team_slug: teamSlug,
      per_page: 100,
      page,
      request: { signal },
    });
    logins.push(...data.map(m => m.login));
    if (data.length < 100) return logins;
  }
}
