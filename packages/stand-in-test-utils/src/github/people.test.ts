import { Octokit } from '@octokit/rest';
import { createGitHubStandIn, GitHubStandIn, json } from '.';

describe('GitHub stand-in: people operations', () => {
  let standIn: GitHubStandIn;
  let octokit: Octokit;

  beforeEach(async () => {
    standIn = await createGitHubStandIn({ tokens: ['ghp_test'] }).start();
    octokit = new Octokit({ baseUrl: standIn.url, auth: 'ghp_test' });
    const { state } = standIn;
    state.addOrg({ login: 'acme' });
    state.addUser({ login: 'octo-admin', name: 'Admin' });
    state.addUser({
      login: 'Ada-L',
      name: 'Ada Lovelace',
      email: 'ada@acme.dev',
    });
    state.setOrgMember('acme', 'octo-admin', { role: 'admin' });
    state.addTeam('acme', { name: 'Payments' });
    state.addTeam('acme', { name: 'Platform SRE', parentSlug: 'payments' });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  it("serves a user's avatar_url to a browser without a token, as GitHub's avatar host does", async () => {
    const { data: user } = await octokit.users.getByUsername({
      username: 'ada-l',
    });
    const picture = await fetch(user.avatar_url);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    // Still the API everywhere else: an unknown path is a violation.
    expect((await fetch(`${standIn.url}/avatarsx/u/1`)).status).toBe(404);
    expect(standIn.violations).toEqual([
      'GET /avatarsx/u/1 is not an operation of the GitHub API',
    ]);
  });

  it('answers users and teams in the shapes of the description', async () => {
    const { data: user } = await octokit.users.getByUsername({
      username: 'ada-l',
    });
    expect(user).toMatchObject({ login: 'Ada-L', name: 'Ada Lovelace' });
    await expect(
      octokit.users.getByUsername({ username: 'nobody-here' }),
    ).rejects.toMatchObject({ status: 404 });

    const { data: team } = await octokit.teams.getByName({
      org: 'acme',
      team_slug: 'platform-sre',
    });
    expect(team).toMatchObject({
      slug: 'platform-sre',
      parent: { slug: 'payments' },
    });
    const teams = await octokit.paginate('GET /orgs/{org}/teams', {
      org: 'acme',
      per_page: 1,
    });
    expect(teams.map(t => t.slug)).toEqual(['payments', 'platform-sre']);
    standIn.assertNoViolations();
  });

  it('invites someone outside the org and activates them on acceptance', async () => {
    const { data: membership } = await octokit.orgs.setMembershipForUser({
      org: 'acme',
      username: 'Ada-L',
      role: 'member',
    });
    expect(membership).toMatchObject({ state: 'pending', role: 'member' });
    const { data: teamMembership } =
      await octokit.teams.addOrUpdateMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'payments',
        username: 'Ada-L',
        role: 'maintainer',
      });
    expect(teamMembership).toMatchObject({
      state: 'pending',
      role: 'maintainer',
    });
    const invitations = await octokit.paginate('GET /orgs/{org}/invitations', {
      org: 'acme',
    });
    expect(invitations).toEqual([
      expect.objectContaining({ login: 'Ada-L', team_count: 1 }),
    ]);
    expect(
      await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', {
        org: 'acme',
        team_slug: 'payments',
      }),
    ).toEqual([]);

    standIn.state.acceptInvitation('acme', 'ada-l');
    const members = await octokit.paginate(
      'GET /orgs/{org}/teams/{team_slug}/members',
      {
        org: 'acme',
        team_slug: 'payments',
        role: 'maintainer',
      },
    );
    expect(members.map(m => m.login)).toEqual(['Ada-L']);
    await expect(
      octokit.orgs.checkMembershipForUser({ org: 'acme', username: 'Ada-L' }),
    ).resolves.toMatchObject({ status: 204 });
    standIn.assertNoViolations();
  });

  it('removes the org membership with every team membership', async () => {
    standIn.state.setTeamMember('acme', 'payments', 'Ada-L');
    await octokit.teams.removeMembershipForUserInOrg({
      org: 'acme',
      team_slug: 'payments',
      username: 'Ada-L',
    });
    await expect(
      octokit.teams.getMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'payments',
        username: 'Ada-L',
      }),
    ).rejects.toMatchObject({ status: 404 });
    standIn.state.setTeamMember('acme', 'platform-sre', 'Ada-L');
    await octokit.orgs.removeMembershipForUser({
      org: 'acme',
      username: 'Ada-L',
    });
    expect(
      standIn.state.org('acme')!.teams.get('platform-sre')!.members.size,
    ).toBe(0);
    await expect(
      octokit.orgs.getMembershipForUser({ org: 'acme', username: 'Ada-L' }),
    ).rejects.toMatchObject({ status: 404 });
    standIn.assertNoViolations();
  });

  it('creates invitations and teams, refusing duplicates with 422', async () => {
    const ada = standIn.state.user('ada-l')!;
    const { data: team } = await octokit.teams.create({
      org: 'acme',
      name: 'Data Science',
      privacy: 'closed',
    });
    expect(team.slug).toBe('data-science');
    await expect(
      octokit.teams.create({ org: 'acme', name: 'Data Science' }),
    ).rejects.toMatchObject({ status: 422 });
    const { data: invitation } = await octokit.orgs.createInvitation({
      org: 'acme',
      invitee_id: ada.id,
      team_ids: [team.id],
    });
    expect(invitation).toMatchObject({ login: 'Ada-L', role: 'direct_member' });
    await octokit.orgs.cancelInvitation({
      org: 'acme',
      invitation_id: invitation.id,
    });
    expect(standIn.state.org('acme')!.members.has('ada-l')).toBe(false);
    standIn.state.setOrgMember('acme', 'Ada-L');
    await expect(
      octokit.orgs.createInvitation({ org: 'acme', invitee_id: ada.id }),
    ).rejects.toMatchObject({ status: 422 });
    standIn.assertNoViolations();
  });

  it('records requests that break the description as violations', async () => {
    await expect(
      octokit.request(
        'PUT /orgs/{org}/teams/{team_slug}/memberships/{username}',
        {
          org: 'acme',
          team_slug: 'payments',
          username: 'Ada-L',
          role: 'owner' as 'member',
        },
      ),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      octokit.request('GET /orgs/{org}/no-such-thing', { org: 'acme' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(standIn.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /body\/role must be equal to one of the allowed values/,
        ),
        'GET /orgs/acme/no-such-thing is not an operation of the GitHub API',
      ]),
    );
    expect(() => standIn.assertNoViolations()).toThrow(/contract violations/);
  });

  it('refuses a wrong token with GitHub 401 Bad credentials', async () => {
    const anonymous = new Octokit({ baseUrl: standIn.url, auth: 'ghp_wrong' });
    await expect(
      anonymous.users.getByUsername({ username: 'Ada-L' }),
    ).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials'),
    });
    expect(standIn.callsTo('users/get-by-username')[0].status).toBe(401);
  });

  it('takes handlers for more operations, sharing the state', async () => {
    const other = await createGitHubStandIn({
      state: standIn.state,
      handlers: {
        'repos/get': (request, state) => {
          const repos = state.extension('repos', () => new Set(['acme/api']));
          const name = `${request.pathParams.owner}/${request.pathParams.repo}`;
          return repos.has(name)
            ? json(200, { name })
            : json(404, { message: 'Not Found' });
        },
      },
    }).start();
    try {
      const client = new Octokit({ baseUrl: other.url });
      await expect(
        client.repos.get({ owner: 'acme', repo: 'nope' }),
      ).rejects.toMatchObject({ status: 404 });
      // The built-in operations see the same world.
      await expect(
        client.teams.getByName({ org: 'acme', team_slug: 'payments' }),
      ).resolves.toMatchObject({ status: 200 });
      // `{ name }` alone is not a full-repository: the stand-in is held to the contract too.
      await client.repos.get({ owner: 'acme', repo: 'api' });
      expect(other.violations.length).toBeGreaterThan(0);
      expect(
        other.violations.every(v =>
          v.startsWith('repos/get: response 200 must have required property'),
        ),
      ).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
