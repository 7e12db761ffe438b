import {
  GitHubUserRecord,
  InvitationRecord,
  MembershipRecord,
  OrgRecord,
  OrgRole,
  TeamRecord,
  TeamRole,
} from './state';

/**
 * Records rendered in the shapes GitHub's OpenAPI description gives them
 * (`simple-user`, `public-user`, `team-full`, ...). The server checks every
 * response against those schemas, so a field missing here fails the test
 * that sent the request.
 */

/** A GraphQL global node id, encoded as GitHub's legacy ids are. */
export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
}

/** The hypermedia `*_url` templates every `repository` representation carries. */
export function repositoryUrlTemplates(url: string) {
  return {
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

function webBase(api: string): string {
  // The stand-in serves both; on github.com they are two hosts.
  return api;
}

/** `simple-user`: a user as lists and nested objects show them. */
export function simpleUser(user: GitHubUserRecord, api: string) {
  const url = `${api}/users/${encodeURIComponent(user.login)}`;
  return {
    name: user.name,
    email: user.email,
    login: user.login,
    id: user.id,
    node_id: nodeId('User', user.id),
    avatar_url: `${api}/avatars/u/${user.id}`,
    gravatar_id: '',
    url,
    html_url: `${webBase(api)}/${encodeURIComponent(user.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: 'public',
  };
}

/** `public-user`: `GET /users/{username}`. */
export function publicUser(user: GitHubUserRecord, api: string) {
  const { starred_at: _ignored, ...simple } = simpleUser(user, api) as any;
  return {
    ...simple,
    company: null,
    blog: '',
    location: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}

/**
 * `private-user`: `GET /user` for the person a token belongs to, when the
 * token may read their profile (`read:user` or `user` scope).
 */
export function privateUser(user: GitHubUserRecord, api: string) {
  return {
    ...publicUser(user, api),
    user_view_type: 'private',
    notification_email: user.email,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** `organization-simple`. */
function organizationSimple(org: OrgRecord, api: string) {
  const url = `${api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${api}/avatars/u/${org.id}`,
    description: org.description,
  };
}

/** `team-organization`, nested in `team-full`. */
function teamOrganization(org: OrgRecord, api: string) {
  return {
    ...organizationSimple(org, api),
    name: org.name ?? org.login,
    html_url: `${webBase(api)}/${org.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: org.createdAt,
    updated_at: org.createdAt,
    archived_at: null,
  };
}

function teamUrls(org: OrgRecord, team: TeamRecord, api: string) {
  const url = `${api}/organizations/${org.id}/team/${team.id}`;
  return {
    url,
    html_url: `${webBase(api)}/orgs/${org.login}/teams/${team.slug}`,
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
  };
}

/** `team-simple`, e.g. a team's parent. */
function teamSimple(org: OrgRecord, team: TeamRecord, api: string) {
  return {
    id: team.id,
    node_id: nodeId('Team', team.id),
    ...teamUrls(org, team, api),
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    type: 'organization',
    organization_id: org.id,
  };
}

function parentOf(org: OrgRecord, team: TeamRecord, api: string) {
  const parent = team.parentSlug ? org.teams.get(team.parentSlug) : undefined;
  return parent ? teamSimple(org, parent, api) : null;
}

/** `team`: as `GET /orgs/{org}/teams` lists them. */
export function teamSummary(org: OrgRecord, team: TeamRecord, api: string) {
  return {
    ...teamSimple(org, team, api),
    parent: parentOf(org, team, api),
  };
}

/** `team-full`: `GET /orgs/{org}/teams/{team_slug}`, `POST .../teams`. */
export function teamFull(org: OrgRecord, team: TeamRecord, api: string) {
  return {
    ...teamSimple(org, team, api),
    parent: parentOf(org, team, api),
    members_count: team.members.size,
    repos_count: 0,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    organization: teamOrganization(org, api),
  };
}

/** `org-membership`. */
export function orgMembership(
  org: OrgRecord,
  user: GitHubUserRecord,
  membership: MembershipRecord<OrgRole>,
  api: string,
) {
  return {
    url: `${api}/orgs/${org.login}/memberships/${encodeURIComponent(
      user.login,
    )}`,
    state: membership.state,
    role: membership.role,
    direct_membership: true,
    organization_url: `${api}/orgs/${org.login}`,
    organization: organizationSimple(org, api),
    user: simpleUser(user, api),
  };
}

/** `team-membership`. */
export function teamMembership(
  org: OrgRecord,
  team: TeamRecord,
  user: GitHubUserRecord,
  membership: MembershipRecord<TeamRole>,
  api: string,
) {
  return {
    url: `${api}/organizations/${org.id}/team/${
      team.id
    }/memberships/${encodeURIComponent(user.login)}`,
    role: membership.role,
    state: membership.state,
  };
}

/** `organization-invitation`. */
export function organizationInvitation(
  org: OrgRecord,
  invitation: InvitationRecord,
  invitee: GitHubUserRecord | undefined,
  inviter: GitHubUserRecord,
  api: string,
) {
  return {
    id: invitation.id,
    login: invitee?.login ?? null,
    email: invitation.email,
    role: invitation.role,
    created_at: invitation.createdAt,
    failed_at: null,
    failed_reason: null,
    inviter: simpleUser(inviter, api),
    team_count: invitation.teamIds.length,
    node_id: nodeId('OrganizationInvitation', invitation.id),
    invitation_teams_url: `${api}/organizations/${org.id}/invitations/${invitation.id}/teams`,
    invitation_source: 'member',
  };
}
