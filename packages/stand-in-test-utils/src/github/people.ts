import { StandInRequest } from '../contract';
import {
  organizationInvitation,
  orgMembership,
  publicUser,
  simpleUser,
  teamFull,
  teamMembership,
  teamSummary,
} from './representations';
import {
  json,
  noContent,
  notFound,
  paginated,
  validationFailed,
  apiBase,
} from './responses';
import {
  GitHubState,
  GitHubUserRecord,
  InvitationRecord,
  OrgRecord,
  OrgRole,
  TeamRole,
  teamSlug,
} from './state';
import type { GitHubHandler } from './index';
import { authenticatedUserHandler } from './oauth';

/**
 * People operations: users, organization memberships and invitations,
 * teams and team memberships, with GitHub's semantics where they matter to
 * callers: setting a membership for someone outside the organization
 * invites them (state `pending`) rather than adding them, and removing an
 * organization membership also cancels the invitation and every team
 * membership.
 */

function orgOf(state: GitHubState, request: StandInRequest) {
  return state.org(request.pathParams.org);
}

function inviter(state: GitHubState): GitHubUserRecord {
  return (
    state.user(state.actor) ??
    state.addUser({ login: state.actor, type: 'Bot' })
  );
}

function invite(
  state: GitHubState,
  org: OrgRecord,
  user: GitHubUserRecord,
  role: InvitationRecord['role'],
  teamIds: number[] = [],
): InvitationRecord {
  const key = user.login.toLowerCase();
  const existing = [...org.invitations.values()].find(i => i.login === key);
  if (existing) {
    existing.teamIds = [...new Set([...existing.teamIds, ...teamIds])];
    return existing;
  }
  const invitation: InvitationRecord = {
    id: state.nextId(),
    login: key,
    email: user.email,
    role,
    teamIds,
    createdAt: state.now().toISOString(),
    inviter: inviter(state).login,
  };
  org.invitations.set(invitation.id, invitation);
  org.members.set(key, {
    role: role === 'admin' ? 'admin' : 'member',
    state: 'pending',
  });
  return invitation;
}

function renderInvitation(
  state: GitHubState,
  org: OrgRecord,
  invitation: InvitationRecord,
  request: StandInRequest,
) {
  return organizationInvitation(
    org,
    invitation,
    invitation.login ? state.user(invitation.login) : undefined,
    state.user(invitation.inviter) ?? inviter(state),
    apiBase(request),
  );
}

export const peopleHandlers: Record<string, GitHubHandler> = {
  // Who a user access token belongs to (the OAuth web flow in `oauth.ts`).
  'users/get-authenticated': authenticatedUserHandler,

  'users/get-by-username': (request, state) => {
    const user = state.user(request.pathParams.username);
    return user ? json(200, publicUser(user, apiBase(request))) : notFound();
  },

  'orgs/list-members': (request, state) => {
    const org = orgOf(state, request);
    if (!org) return notFound();
    const role = request.query.get('role') ?? 'all';
    const members = [...org.members.entries()]
      .filter(([, m]) => m.state === 'active')
      .filter(([, m]) => role === 'all' || m.role === role)
      .map(([login]) => simpleUser(state.requireUser(login), apiBase(request)));
    return paginated(request, members);
  },

  'orgs/check-membership-for-user': (request, state) => {
    const member = orgOf(state, request)?.members.get(
      request.pathParams.username.toLowerCase(),
    );
    return member?.state === 'active' ? noContent() : notFound();
  },

  'orgs/get-membership-for-user': (request, state) => {
    const org = orgOf(state, request);
    const user = state.user(request.pathParams.username);
    const membership = user && org?.members.get(user.login.toLowerCase());
    if (!org || !user || !membership) return notFound();
    return json(200, orgMembership(org, user, membership, apiBase(request)));
  },

  'orgs/set-membership-for-user': (request, state) => {
    const org = orgOf(state, request);
    const user = state.user(request.pathParams.username);
    // GitHub answers 404 here, although the description lists only 200/403/422.
    if (!org || !user) return notFound();
    const role = ((request.body as any)?.role ?? 'member') as OrgRole;
    const key = user.login.toLowerCase();
    const current = org.members.get(key);
    if (current) {
      current.role = role;
    } else {
      invite(state, org, user, role === 'admin' ? 'admin' : 'direct_member');
    }
    return json(
      200,
      orgMembership(org, user, org.members.get(key)!, apiBase(request)),
    );
  },

  'orgs/remove-membership-for-user': (request, state) => {
    const org = orgOf(state, request);
    const key = request.pathParams.username.toLowerCase();
    if (!org || !org.members.has(key)) return notFound();
    state.removeOrgMember(org.login, key);
    return noContent();
  },

  'orgs/list-pending-invitations': (request, state) => {
    const org = orgOf(state, request);
    if (!org) return notFound();
    return paginated(
      request,
      [...org.invitations.values()].map(i =>
        renderInvitation(state, org, i, request),
      ),
    );
  },

  'orgs/create-invitation': (request, state) => {
    const org = orgOf(state, request);
    if (!org) return notFound();
    const body = (request.body ?? {}) as {
      invitee_id?: number;
      email?: string;
      role?: InvitationRecord['role'] | 'reinstate';
      team_ids?: number[];
    };
    const user = body.invitee_id
      ? [...state.users.values()].find(u => u.id === body.invitee_id)
      : [...state.users.values()].find(
          u => u.email && u.email.toLowerCase() === body.email?.toLowerCase(),
        );
    if (!user && !body.email) {
      return validationFailed('invitee_id or email is required', [
        {
          resource: 'OrganizationInvitation',
          field: 'invitee_id',
          code: 'missing',
        },
      ]);
    }
    const role =
      body.role === 'reinstate' || !body.role ? 'direct_member' : body.role;
    if (!user) {
      const invitation: InvitationRecord = {
        id: state.nextId(),
        login: null,
        email: body.email!,
        role,
        teamIds: body.team_ids ?? [],
        createdAt: state.now().toISOString(),
        inviter: inviter(state).login,
      };
      org.invitations.set(invitation.id, invitation);
      return json(201, renderInvitation(state, org, invitation, request));
    }
    const key = user.login.toLowerCase();
    if (org.members.get(key)?.state === 'active') {
      return validationFailed(
        `${user.login} is already a member of ${org.login}`,
        [
          {
            resource: 'OrganizationInvitation',
            field: 'invitee_id',
            code: 'already_exists',
          },
        ],
      );
    }
    const invitation = invite(state, org, user, role, body.team_ids ?? []);
    for (const teamId of body.team_ids ?? []) {
      const team = [...org.teams.values()].find(t => t.id === teamId);
      team?.members.set(key, { role: 'member', state: 'pending' });
    }
    return json(201, renderInvitation(state, org, invitation, request));
  },

  'orgs/cancel-invitation': (request, state) => {
    const org = orgOf(state, request);
    const invitation = org?.invitations.get(
      Number(request.pathParams.invitation_id),
    );
    if (!org || !invitation) return notFound();
    org.invitations.delete(invitation.id);
    if (invitation.login) {
      if (org.members.get(invitation.login)?.state === 'pending') {
        state.removeOrgMember(org.login, invitation.login);
      }
    }
    return noContent();
  },

  'teams/list': (request, state) => {
    const org = orgOf(state, request);
    if (!org) return notFound();
    return paginated(
      request,
      [...org.teams.values()].map(t => teamSummary(org, t, apiBase(request))),
    );
  },

  'teams/create': (request, state) => {
    const org = orgOf(state, request);
    if (!org) return notFound();
    const body = request.body as {
      name: string;
      description?: string;
      privacy?: 'closed' | 'secret';
      parent_team_id?: number | null;
      maintainers?: string[];
    };
    const slug = teamSlug(body.name);
    if (org.teams.has(slug)) {
      return validationFailed(`Name must be unique for this org`, [
        { resource: 'Team', field: 'name', code: 'already_exists' },
      ]);
    }
    const parent = [...org.teams.values()].find(
      t => t.id === body.parent_team_id,
    );
    const team = state.addTeam(org.login, {
      name: body.name,
      description: body.description,
      privacy: body.privacy,
      parentSlug: parent?.slug,
    });
    for (const login of body.maintainers ?? []) {
      if (state.user(login)) {
        state.setTeamMember(org.login, team.slug, login, {
          role: 'maintainer',
        });
      }
    }
    return json(201, teamFull(org, team, apiBase(request)));
  },

  'teams/get-by-name': (request, state) => {
    const org = orgOf(state, request);
    const team = org?.teams.get(request.pathParams.team_slug);
    if (!org || !team) return notFound();
    return json(200, teamFull(org, team, apiBase(request)));
  },

  'teams/list-members-in-org': (request, state) => {
    const org = orgOf(state, request);
    const team = org?.teams.get(request.pathParams.team_slug);
    if (!org || !team) return notFound();
    const role = request.query.get('role') ?? 'all';
    return paginated(
      request,
      [...team.members.entries()]
        .filter(([, m]) => m.state === 'active')
        .filter(([, m]) => role === 'all' || m.role === role)
        .map(([login]) =>
          simpleUser(state.requireUser(login), apiBase(request)),
        ),
    );
  },

  'teams/get-membership-for-user-in-org': (request, state) => {
    const org = orgOf(state, request);
    const team = org?.teams.get(request.pathParams.team_slug);
    const user = state.user(request.pathParams.username);
    const membership = user && team?.members.get(user.login.toLowerCase());
    if (!org || !team || !user || !membership) return notFound();
    return json(
      200,
      teamMembership(org, team, user, membership, apiBase(request)),
    );
  },

  'teams/add-or-update-membership-for-user-in-org': (request, state) => {
    const org = orgOf(state, request);
    const team = org?.teams.get(request.pathParams.team_slug);
    const user = state.user(request.pathParams.username);
    // GitHub answers 404 for an unknown team or user (undocumented there).
    if (!org || !team || !user) return notFound();
    const role = ((request.body as any)?.role ?? 'member') as TeamRole;
    const key = user.login.toLowerCase();
    let orgMember = org.members.get(key);
    if (!orgMember) {
      invite(state, org, user, 'direct_member', [team.id]);
      orgMember = org.members.get(key)!;
    } else if (orgMember.state === 'pending') {
      const pending = [...org.invitations.values()].find(i => i.login === key);
      if (pending && !pending.teamIds.includes(team.id)) {
        pending.teamIds.push(team.id);
      }
    }
    const existing = team.members.get(key);
    team.members.set(key, {
      role,
      state: existing?.state === 'active' ? 'active' : orgMember.state,
    });
    team.updatedAt = state.now().toISOString();
    return json(
      200,
      teamMembership(org, team, user, team.members.get(key)!, apiBase(request)),
    );
  },

  'teams/remove-membership-for-user-in-org': (request, state) => {
    const org = orgOf(state, request);
    const team = org?.teams.get(request.pathParams.team_slug);
    if (!org || !team) return notFound();
    const key = request.pathParams.username.toLowerCase();
    team.members.delete(key);
    for (const invitation of org.invitations.values()) {
      if (invitation.login === key) {
        invitation.teamIds = invitation.teamIds.filter(id => id !== team.id);
      }
    }
    team.updatedAt = state.now().toISOString();
    return noContent();
  },
};
