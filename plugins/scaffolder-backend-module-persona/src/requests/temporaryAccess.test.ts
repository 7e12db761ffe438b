import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import {
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
} from '@groundwork/stand-in-test-utils';
import { Octokit } from '@octokit/rest';
import { stringify } from 'yaml';
import { readAccessReconcileConfig } from '../access/config';
import { teamSlugResolver } from '../access/teamSlug';
import { createPersonaCoreDeps } from '../engine/deps';
import { environmentsConfig } from '../__testUtils__/fixtures';
import { recordingAuditor } from '../__testUtils__/harness';
import { createAccessRequestApplier } from './accessApplier';

// The first test loads GitHub's OpenAPI description.
jest.setTimeout(60_000);

const TOKEN = 'ghs_temporary_access';
const ORG = 'acme';
const REPO = 'platform-access';
const TEAM = 'payments-team';

function entity(
  kind: string,
  name: string,
  spec: object,
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec,
  };
}

const catalogEntities = (): Entity[] => [
  entity(
    'Group',
    'payments',
    { type: 'team', children: [] },
    { 'github.com/team-slug': `${ORG}/${TEAM}` },
  ),
  entity('System', 'checkout', { owner: 'group:default/payments' }),
  entity('System', 'orphan', { owner: 'user:default/ada' }),
  entity(
    'User',
    'ada',
    {
      profile: { displayName: 'Ada Lovelace', email: 'ada@acme.dev' },
      memberOf: ['payments'],
    },
    { 'github.com/user-login': 'Ada-L' },
  ),
  entity('User', 'nologin', { profile: { email: 'no@acme.dev' } }),
];

/** A User file as persona:onboard writes it into the access repository. */
function userFile(login: string, persona: string) {
  return stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: login.toLowerCase(),
      namespace: 'default',
      annotations: {
        'github.com/user-login': login,
        'groundwork.dev/persona': persona,
        'groundwork.dev/start-date': '2026-01-05',
      },
    },
    spec: {
      profile: { email: `${login.toLowerCase()}@acme.dev` },
      memberOf: ['group:default/payments'],
    },
  });
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('temporary access requests', () => {
  let github: GitHubHostingStandIn;
  let octokit: Octokit;
  let audit: ReturnType<typeof recordingAuditor>;
  let applier: ReturnType<typeof createAccessRequestApplier>;
  let entities: Entity[];
  const logger = mockServices.logger.mock();

  const membership = (login: string) =>
    octokit.teams
      .getMembershipForUserInOrg({
        org: ORG,
        team_slug: TEAM,
        username: login,
      })
      .then(
        r => r.status as number,
        e => e.status as number,
      );
  const deletes = () =>
    github.calls.filter(
      c => c.operationId === 'teams/remove-membership-for-user-in-org',
    );

  beforeEach(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    const { state } = github;
    state.addOrg({ login: ORG });
    state.addTeam(ORG, { name: TEAM });
    for (const login of ['Ada-L', 'bob-b', 'carol-c', 'grace-h']) {
      state.addUser({ login, name: login });
      state.setOrgMember(ORG, login);
    }
    // Added by hand years ago: granted by nothing Groundwork knows.
    state.setTeamMember(ORG, TEAM, 'grace-h', { role: 'maintainer' });
    // The access repository: Bob and Carol are developers of payments.
    github.repos.addRepo({
      owner: ORG,
      name: REPO,
      files: { 'README.md': '# access\n' },
    });
    const integration = github.integrationConfig();
    octokit = new Octokit({ baseUrl: integration.apiBaseUrl, auth: TOKEN });
    const repo = github.repos.requireRepo(ORG, REPO);
    repo.refs.set('heads/onboard', repo.refs.get('heads/main')!);
    github.repos.push(
      ORG,
      REPO,
      'onboard',
      {
        'catalog/users/bob-b.yaml': userFile('bob-b', 'developer'),
        'catalog/users/carol-c.yaml': userFile('carol-c', 'developer'),
      },
      'onboard bob and carol',
    );
    const { data: pull } = await octokit.pulls.create({
      owner: ORG,
      repo: REPO,
      head: 'onboard',
      base: 'main',
      title: 'onboard',
    });
    github.repos.mergePull(ORG, REPO, pull.number, { method: 'squash' });
    // The reconciler has applied Bob's grant, not yet Carol's.
    state.setTeamMember(ORG, TEAM, 'bob-b');

    const config = new ConfigReader({
      groundwork: {
        ...environmentsConfig(),
        persona: {
          github: { host: integration.host, organization: ORG },
          access: {
            repository: `${integration.host}?owner=${ORG}&repo=${REPO}`,
            github: { teams: [TEAM] },
          },
        },
      },
      integrations: { github: [integration] },
    });
    entities = catalogEntities();
    const catalog = catalogServiceMock({ entities });
    const auth = mockServices.auth({ pluginId: 'requests' });
    audit = recordingAuditor();
    applier = createAccessRequestApplier({
      deps: createPersonaCoreDeps({
        config,
        catalog,
        auditor: audit.auditor,
        // No waiting between retries: a fault lasts as long as it is injected.
        githubRetry: { retries: 1, unitMs: 1 },
      }),
      auth,
      accessRepository: {
        config: readAccessReconcileConfig(config)!,
        repositoryClient: async () => octokit,
        teamSlugOf: teamSlugResolver(catalog, auth),
      },
    });
  });

  afterEach(async () => {
    await github.stop();
  });

  const onSystem = (overrides: object = {}) => ({
    person: 'user:default/ada',
    system: 'system:default/checkout',
    environment: 'prod',
    role: 'member',
    expiresAt: inAnHour(),
    ...overrides,
  });

  /** A request as the requests backend hands it over once applied. */
  async function applied(payload: object, id = 'r-1') {
    const normalised = await applier.validate(payload);
    const request = {
      id,
      kind: 'access',
      state: 'applied',
      payload: normalised,
      requestedBy: 'user:default/ada',
      decidedBy: 'user:default/radia.perlman',
      ...(await applier.describe(normalised)),
    } as unknown as GroundworkRequest;
    const { changes } = await applier.apply(request, { logger });
    return {
      ...request,
      changes,
      appliedAt: '2026-12-07T10:00:00.000Z',
    } as GroundworkRequest;
  }

  it('refuses a grant that cannot be honoured, saying what to fix', async () => {
    await expect(
      applier.validate(onSystem({ expiresAt: '2020-01-01T00:00:00Z' })),
    ).rejects.toThrow(/is in the past/);
    await expect(
      applier.validate(onSystem({ expiresAt: 'tomorrow' })),
    ).rejects.toThrow(/not an ISO 8601 instant/);
    await expect(
      applier.validate(onSystem({ team: 'group:default/payments' })),
    ).rejects.toThrow(/either system .* or team/);
    await expect(
      applier.validate(onSystem({ persona: 'developer' })),
    ).rejects.toThrow(/either persona .* or role/);
    await expect(applier.validate(onSystem({ role: 'admin' }))).rejects.toThrow(
      /member or maintainer/,
    );
    await expect(
      applier.validate(onSystem({ environment: 'moon' })),
    ).rejects.toThrow(InputError);
    await expect(
      applier.validate(onSystem({ system: 'system:default/orphan' })),
    ).rejects.toThrow(/not a Group/);
    await expect(
      applier.validate(onSystem({ person: 'user:default/nologin' })),
    ).rejects.toThrow(/github.com\/user-login/);
    // Naming someone else as the subject would let the grantee decide it.
    await expect(
      applier.validate(
        onSystem({
          person: {
            ref: 'user:default/ada',
            email: 'bob@acme.dev',
            githubLogin: 'bob-b',
          },
        }),
      ),
    ).rejects.toThrow(/is GitHub user Ada-L, not bob-b/);
  });

  it('describes the grant with its system, environment and end, the person read from the catalog', async () => {
    const expiresAt = inAnHour();
    const payload = await applier.validate(
      onSystem({ expiresAt, extra: 'dropped' }),
    );
    expect(payload).toEqual({
      person: {
        ref: 'user:default/ada',
        name: 'Ada Lovelace',
        email: 'ada@acme.dev',
        githubLogin: 'Ada-L',
      },
      system: 'system:default/checkout',
      environment: 'prod',
      expiresAt,
      role: 'member',
      // Resolved once: revoke and review read it, not today's catalog.
      teams: [{ org: ORG, slug: TEAM, role: 'member' }],
    });
    expect(await applier.describe(payload)).toEqual({
      title: `Temporary access for Ada Lovelace to checkout in prod as member until ${expiresAt}`,
      subject: 'user:default/ada',
      changes: [
        {
          system: 'github',
          target: `team ${ORG}/${TEAM} (member) for @Ada-L`,
          detail: `until ${expiresAt}`,
        },
      ],
      entityRef: 'system:default/checkout',
      environment: 'prod',
      expiresAt,
    });
  });

  it("a persona's grant for a while is its teams only, never the organization", async () => {
    const expiresAt = inAnHour();
    const described = await applier.describe({
      person: {
        name: 'Ada Lovelace',
        email: 'ada@acme.dev',
        githubLogin: 'Ada-L',
      },
      persona: 'sre',
      team: 'group:default/payments',
      startDate: '2026-01-05',
      environments: ['prod'],
      expiresAt,
    });
    expect(described).toMatchObject({
      entityRef: 'group:default/payments',
      environment: 'prod',
      expiresAt,
      changes: [
        expect.objectContaining({
          target: `team ${ORG}/${TEAM} (member) for @Ada-L`,
        }),
      ],
    });
  });

  it('applies the grant, then revokes it and verifies GitHub answers 404; again changes nothing', async () => {
    const request = await applied(onSystem());
    expect(request.changes).toEqual([
      expect.objectContaining({
        target: `team ${ORG}/${TEAM} (member) for @Ada-L`,
        status: 'done',
      }),
    ]);
    expect(await membership('Ada-L')).toBe(200);

    const revoked = await applier.revoke!(request, { logger });
    expect(revoked.verified).toBe(true);
    expect(revoked.changes).toEqual([
      expect.objectContaining({
        status: 'done',
        detail: 'removed (was member); verified: GitHub answers 404',
      }),
    ]);
    expect(await membership('Ada-L')).toBe(404);
    expect(audit.events.map(e => [e.eventId, e.meta?.status])).toEqual([
      ['persona-grant', 'added'],
      ['persona-revoke', 'removed'],
    ]);

    const again = await applier.revoke!(request, { logger });
    expect(again.verified).toBe(true);
    expect(again.changes[0].detail).toMatch(/already gone/);
    expect(deletes()).toHaveLength(1);
    github.assertNoViolations();
  });

  it('revokes what was granted even when the catalog has moved on since', async () => {
    const request = await applied(onSystem());
    // The Group now points at another team, and Ada has left the catalog.
    github.state.addTeam(ORG, { name: 'payments-new' });
    entities[0].metadata.annotations![
      'github.com/team-slug'
    ] = `${ORG}/payments-new`;
    entities.find(e => e.metadata.name === 'ada')!.metadata.name = 'ada-gone';
    await expect(applier.validate(onSystem())).rejects.toThrow(
      'person user:default/ada is not a User in the catalog',
    );
    const revoked = await applier.revoke!(request, { logger });
    expect(revoked.verified).toBe(true);
    expect(await membership('Ada-L')).toBe(404);
    expect(deletes().map(c => c.path)).toEqual([
      `/orgs/${ORG}/teams/${TEAM}/memberships/Ada-L`,
    ]);
  });

  it('a revoke GitHub fails with 503 is not verified, and holds on the next run', async () => {
    const request = await applied(onSystem());
    github.inject({
      operationId: 'teams/remove-membership-for-user-in-org',
      status: 503,
      // The call and the client's one retry.
      times: 2,
    });
    const failed = await applier.revoke!(request, { logger });
    expect(failed.verified).toBe(false);
    expect(failed.changes).toEqual([
      expect.objectContaining({
        status: 'failed',
        detail: expect.stringMatching(/HTTP 503.*tried again on the next run/),
      }),
    ]);
    expect(await membership('Ada-L')).toBe(200);

    const retried = await applier.revoke!(request, { logger });
    expect(retried.verified).toBe(true);
    expect(await membership('Ada-L')).toBe(404);
  });

  it('keeps a membership the access repository also grants through a persona', async () => {
    // Carol asks while her onboarding is merged but not yet reconciled.
    const request = await applied(
      onSystem({
        person: {
          name: 'Carol',
          email: 'carol@acme.dev',
          githubLogin: 'carol-c',
        },
      }),
    );
    expect(request.changes[0].status).toBe('done');
    const revoked = await applier.revoke!(request, { logger });
    expect(revoked).toEqual({
      verified: true,
      changes: [
        expect.objectContaining({
          status: 'unchanged',
          detail:
            'kept: also granted by persona developer (catalog/users/carol-c.yaml in the access repository)',
        }),
      ],
    });
    expect(await membership('carol-c')).toBe(200);
    expect(deletes()).toHaveLength(0);
    expect(audit.events.at(-1)).toMatchObject({
      eventId: 'persona-revoke',
      meta: { status: 'kept', requestId: 'r-1', githubLogin: 'carol-c' },
    });
  });

  it('keeps a membership held before the request granted it', async () => {
    // grace-h is a maintainer already: asking for member changes nothing.
    const request = await applied(
      onSystem({
        person: { email: 'grace@acme.dev', githubLogin: 'grace-h' },
      }),
    );
    expect(request.changes[0].status).toBe('unchanged');
    const revoked = await applier.revoke!(request, { logger });
    expect(revoked.verified).toBe(true);
    expect(revoked.changes[0].detail).toBe(
      'kept: held before this request granted it',
    );
    expect(await membership('grace-h')).toBe(200);
  });

  it('reviews persona and request grants against GitHub, flagging what disagrees', async () => {
    const expiresAt = inAnHour();
    const request = await applied(onSystem({ expiresAt }));
    const entries = await applier.review!({ requests: [request], logger });
    const byLogin = (login: string) =>
      entries.filter(e => e.githubLogin === login);
    expect(byLogin('bob-b')).toEqual([
      {
        person: 'user:default/bob-b',
        githubLogin: 'bob-b',
        system: `${ORG}/${TEAM}`,
        grant: `github team ${ORG}/${TEAM} (member)`,
        via: { persona: 'developer', file: 'catalog/users/bob-b.yaml' },
        since: '2026-01-05',
        github: 'member',
      },
    ]);
    expect(byLogin('carol-c')).toEqual([
      expect.objectContaining({
        via: { persona: 'developer', file: 'catalog/users/carol-c.yaml' },
        github: 'absent',
        mismatch: expect.stringMatching(
          /access repository grants it .* GitHub has no such membership/,
        ),
      }),
    ]);
    expect(byLogin('Ada-L')).toEqual([
      {
        person: 'user:default/ada',
        githubLogin: 'Ada-L',
        system: 'system:default/checkout',
        environment: 'prod',
        grant: `github team ${ORG}/${TEAM} (member)`,
        via: { requestId: 'r-1' },
        since: '2026-12-07T10:00:00.000Z',
        until: expiresAt,
        github: 'member',
      },
    ]);
    expect(byLogin('grace-h')).toEqual([
      expect.objectContaining({
        via: {},
        github: 'member',
        mismatch:
          'GitHub reports this membership but neither the access repository nor an applied request grants it',
      }),
    ]);
    expect(entries).toHaveLength(4);

    // Removed by hand: the request still says applied, GitHub disagrees.
    github.state.org(ORG)!.teams.get(TEAM)!.members.delete('ada-l');
    const after = await applier.review!({ requests: [request], logger });
    expect(after.find(e => e.via.requestId === 'r-1')).toMatchObject({
      github: 'absent',
      mismatch: expect.stringMatching(/request r-1 is applied but GitHub/),
    });
    github.assertNoViolations();
  });
});
