/**
 * The GitHub stand-in's world: users, organizations, their members,
 * invitations and teams. One object, shared by every handler, so that what
 * one operation changes the next one sees. Other operation families (repos,
 * git refs, pull requests) keep their own records beside it through
 * `extension()`, without this file knowing about them.
 */

export type OrgRole = 'admin' | 'member';
export type TeamRole = 'member' | 'maintainer';
export type MembershipState = 'active' | 'pending';

export interface GitHubUserRecord {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  type: 'User' | 'Bot';
  createdAt: string;
}

export interface MembershipRecord<Role> {
  role: Role;
  state: MembershipState;
}

export interface InvitationRecord {
  id: number;
  /** Lower-cased login of the invitee, or null when invited by email. */
  login: string | null;
  email: string | null;
  role: 'admin' | 'direct_member' | 'billing_manager';
  teamIds: number[];
  createdAt: string;
  inviter: string;
}

export interface TeamRecord {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  parentSlug: string | null;
  /** Keyed by lower-cased login. */
  members: Map<string, MembershipRecord<TeamRole>>;
  createdAt: string;
  updatedAt: string;
}

export interface OrgRecord {
  id: number;
  login: string;
  name: string | null;
  description: string | null;
  createdAt: string;
  /** Keyed by lower-cased login; `pending` while the invitation is open. */
  members: Map<string, MembershipRecord<OrgRole>>;
  invitations: Map<number, InvitationRecord>;
  /** Keyed by slug. */
  teams: Map<string, TeamRecord>;
}

/** Turns a team name into the slug GitHub derives from it. */
export function teamSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export class GitHubState {
  /** Keyed by lower-cased login: GitHub logins are case-insensitive. */
  readonly users = new Map<string, GitHubUserRecord>();
  /** Keyed by lower-cased login. */
  readonly orgs = new Map<string, OrgRecord>();
  /**
   * The login that operations called with the integration's token act as
   * (inviter, pull request author, pusher, merger).
   */
  actor = 'groundwork-portal[bot]';
  /**
   * Personal access tokens of other people, token to lower-cased login: a
   * call made with one acts as that person (`userToken(login)`), so that a
   * test can approve a pull request as a reviewer.
   */
  readonly personalTokens = new Map<string, string>();
  /**
   * The GitHub App id of the integration's identity, when it is an app:
   * what ruleset bypass actors of type `Integration` name.
   */
  integrationAppId?: number;
  private lastId = 1000;
  private readonly extensions = new Map<string, unknown>();

  /** A fresh id, unique across every kind of record in this state. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** The clock the stand-in stamps records with; tests may replace it. */
  now: () => Date = () => new Date();

  /**
   * A store of another operation family, created on first use: e.g.
   * `state.extension('repos', () => new Map<string, RepoRecord>())`.
   */
  extension<T>(key: string, create: () => T): T {
    if (!this.extensions.has(key)) this.extensions.set(key, create());
    return this.extensions.get(key) as T;
  }

  addUser(user: {
    login: string;
    name?: string;
    email?: string;
    type?: 'User' | 'Bot';
  }): GitHubUserRecord {
    const record: GitHubUserRecord = {
      id: this.nextId(),
      login: user.login,
      name: user.name ?? null,
      email: user.email ?? null,
      type: user.type ?? 'User',
      createdAt: this.now().toISOString(),
    };
    this.users.set(user.login.toLowerCase(), record);
    return record;
  }

  /**
   * A personal access token (`ghp_...`) for a user: the API and the Git
   * server accept it, and what is done with it is done as that user, with
   * that user's permissions.
   */
  userToken(login: string, token?: string): string {
    const user = this.requireUser(login);
    const issued =
      token ?? `ghp_${user.login.replace(/[^A-Za-z0-9]/g, '')}${this.nextId()}`;
    this.personalTokens.set(issued, user.login.toLowerCase());
    return issued;
  }

  /** Who a call with this token acts as: its person, or the integration's `actor`. */
  actorOf(token: string | undefined): string {
    const login = token ? this.personalTokens.get(token) : undefined;
    return login ? this.requireUser(login).login : this.actor;
  }

  user(login: string): GitHubUserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  addOrg(org: {
    login: string;
    name?: string;
    description?: string;
  }): OrgRecord {
    const record: OrgRecord = {
      id: this.nextId(),
      login: org.login,
      name: org.name ?? null,
      description: org.description ?? null,
      createdAt: this.now().toISOString(),
      members: new Map(),
      invitations: new Map(),
      teams: new Map(),
    };
    this.orgs.set(org.login.toLowerCase(), record);
    return record;
  }

  org(login: string): OrgRecord | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  addTeam(
    orgLogin: string,
    team: {
      name: string;
      slug?: string;
      description?: string;
      privacy?: 'closed' | 'secret';
      parentSlug?: string;
    },
  ): TeamRecord {
    const org = this.requireOrg(orgLogin);
    const now = this.now().toISOString();
    const record: TeamRecord = {
      id: this.nextId(),
      slug: team.slug ?? teamSlug(team.name),
      name: team.name,
      description: team.description ?? null,
      privacy: team.privacy ?? 'closed',
      parentSlug: team.parentSlug ?? null,
      members: new Map(),
      createdAt: now,
      updatedAt: now,
    };
    org.teams.set(record.slug, record);
    return record;
  }

  /** Makes a user an active (or pending) member of an organization. */
  setOrgMember(
    orgLogin: string,
    login: string,
    membership: Partial<MembershipRecord<OrgRole>> = {},
  ) {
    this.requireUser(login);
    this.requireOrg(orgLogin).members.set(login.toLowerCase(), {
      role: membership.role ?? 'member',
      state: membership.state ?? 'active',
    });
  }

  /** Puts a user on a team; an active org membership comes with it. */
  setTeamMember(
    orgLogin: string,
    slug: string,
    login: string,
    membership: Partial<MembershipRecord<TeamRole>> = {},
  ) {
    const org = this.requireOrg(orgLogin);
    const team = org.teams.get(slug);
    if (!team) throw new Error(`No team ${slug} in ${orgLogin}`);
    if (!org.members.has(login.toLowerCase())) {
      this.setOrgMember(orgLogin, login, { state: membership.state });
    }
    team.members.set(login.toLowerCase(), {
      role: membership.role ?? 'member',
      state: membership.state ?? 'active',
    });
  }

  /**
   * What happens when the invitee clicks "Join": the org membership and
   * every team membership that waited on it become active.
   */
  acceptInvitation(orgLogin: string, login: string) {
    const org = this.requireOrg(orgLogin);
    const key = login.toLowerCase();
    const member = org.members.get(key);
    if (!member) throw new Error(`${login} has no invitation to ${orgLogin}`);
    member.state = 'active';
    for (const [id, invitation] of org.invitations) {
      if (invitation.login === key) org.invitations.delete(id);
    }
    for (const team of org.teams.values()) {
      const m = team.members.get(key);
      if (m) m.state = 'active';
    }
  }

  /** Removes a user from an organization: every team, every invitation. */
  removeOrgMember(orgLogin: string, login: string) {
    const org = this.requireOrg(orgLogin);
    const key = login.toLowerCase();
    org.members.delete(key);
    for (const [id, invitation] of org.invitations) {
      if (invitation.login === key) org.invitations.delete(id);
    }
    for (const team of org.teams.values()) team.members.delete(key);
  }

  requireOrg(login: string): OrgRecord {
    const org = this.org(login);
    if (!org) throw new Error(`No organization ${login} in the stand-in`);
    return org;
  }

  requireUser(login: string): GitHubUserRecord {
    const user = this.user(login);
    if (!user) throw new Error(`No user ${login} in the stand-in`);
    return user;
  }
}
