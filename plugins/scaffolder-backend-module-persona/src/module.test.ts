import {
  mockCredentials,
  mockServices,
  startTestBackend,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import {
  createGitHubStandIn,
  GitHubStandIn,
} from '@groundwork/stand-in-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { groundworkPermissionFeatures } from '@groundwork/backend-test-utils';
// A portal's backend installs the requests plugin beside this module, as packages/backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import requestsPlugin from '@groundwork/plugin-requests-backend';
import personaModule from '.';
import personaRequestsModule from './requests';
import { stringify } from 'yaml';
import { appConfig, ORG, seedGitHub, TOKEN } from './__testUtils__/fixtures';
import { PersonasResponse } from './router';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The real scaffolder and catalog in a test backend, with this module,
 * running a template through the scaffolder's REST API against the GitHub
 * stand-in.
 */

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'employee-onboarding', title: 'Employee onboarding' },
  spec: {
    owner: 'group:default/security',
    type: 'onboarding',
    parameters: [
      {
        title: 'Who',
        required: [
          'name',
          'email',
          'githubLogin',
          'persona',
          'team',
          'startDate',
        ],
        properties: {
          name: { type: 'string' },
          email: { type: 'string' },
          githubLogin: { type: 'string' },
          persona: { type: 'string' },
          team: { type: 'string' },
          environments: { type: 'array', items: { type: 'string' } },
          startDate: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'onboard',
        name: 'Onboard',
        action: 'persona:onboard',
        input: {
          person: {
            name: '${{ parameters.name }}',
            email: '${{ parameters.email }}',
            githubLogin: '${{ parameters.githubLogin }}',
          },
          persona: '${{ parameters.persona }}',
          team: '${{ parameters.team }}',
          environments: '${{ parameters.environments }}',
          startDate: '${{ parameters.startDate }}',
        },
      },
    ],
    output: {
      results: '${{ steps.onboard.output.results }}',
      files: '${{ steps.onboard.output.files }}',
      summary: '${{ steps.onboard.output.summary }}',
      approval: '${{ steps.onboard.output.approval }}',
      userEntityRef: '${{ steps.onboard.output.userEntityRef }}',
    },
  },
};

const entities = [
  template,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: { 'github.com/team-slug': `${ORG}/payments-team` },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'security' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'radia.perlman' },
    spec: { memberOf: ['security'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alan.turing' },
    spec: { memberOf: ['payments'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'linus.torvalds' },
    spec: { memberOf: ['platform'] },
  },
];

/** What each person's token says about their groups, as sign-in would. */
const PEOPLE = {
  'user:default/alan.turing': ['group:default/payments'],
  'user:default/radia.perlman': ['group:default/security'],
  'user:default/linus.torvalds': ['group:default/platform'],
};

// A whole backend starts, and the catalog processes its entities first.
jest.setTimeout(60_000);

describe('the module in a backend with the real scaffolder and catalog', () => {
  const mockDir = createMockDirectory();
  let standIn: GitHubStandIn;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    standIn = await createGitHubStandIn({ tokens: [TOKEN] }).start();
    seedGitHub(standIn);
    mockDir.setContent({
      'catalog.yaml': entities.map(e => stringify(e)).join('---\n'),
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        personaModule,
        requestsPlugin,
        personaRequestsModule,
        // The real permission framework with Groundwork's policy.
        ...groundworkPermissionFeatures(PEOPLE),
        // Requests without a token are anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            ...appConfig(standIn.url),
            permission: { enabled: true },
            groundwork: {
              ...appConfig(standIn.url).groundwork,
              permissions: {
                adminGroups: ['group:default/platform'],
                approverGroups: ['group:default/security'],
              },
            },
            catalog: {
              rules: [{ allow: ['Template', 'Group', 'User'] }],
              locations: [
                { type: 'file', target: mockDir.resolve('catalog.yaml') },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // Wait for the catalog to have processed the template and the people.
    const token = mockCredentials.user.header('user:default/radia.perlman');
    for (let i = 0; ; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/user/default/radia.perlman')
        .set('Authorization', token);
      const tmpl = await request(server)
        .get(
          '/api/catalog/entities/by-name/template/default/employee-onboarding',
        )
        .set('Authorization', token);
      if (
        res.status === 200 &&
        res.body.relations?.length &&
        tmpl.status === 200
      )
        break;
      if (i > 200)
        throw new Error('the catalog did not process the test entities');
      await sleep(100);
    }
  });

  afterAll(async () => {
    await stop?.();
    await standIn?.stop();
  });

  async function runTemplate(values: object, initiator: string) {
    const auth = mockCredentials.user.header(initiator);
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({ templateRef: 'template:default/employee-onboarding', values });
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (let i = 0; i < 300; i++) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', auth);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', auth);
        const completion = events.body.find(
          (e: any) => e.type === 'completion',
        );
        const log = events.body
          .filter((e: any) => e.type === 'log')
          .map((e: any) => e.body.message);
        return {
          id,
          status: task.body.status,
          output: completion?.body.output,
          error: completion?.body.error,
          log,
        };
      }
      await sleep(100);
    }
    throw new Error(`task ${id} did not finish`);
  }

  const ada = {
    name: 'Ada Lovelace',
    email: 'ada@acme.dev',
    githubLogin: 'Ada-L',
    persona: 'developer',
    team: 'group:default/payments',
    startDate: '2026-01-05',
  };

  it('runs persona:onboard from a template, idempotently', async () => {
    const first = await runTemplate(ada, 'user:default/alan.turing');
    expect(first.status).toBe('completed');
    expect(first.output.results.slice(0, 2)).toEqual([
      expect.objectContaining({
        target: `organization ${ORG} (member)`,
        status: 'invited',
      }),
      expect.objectContaining({
        target: `team ${ORG}/payments-team (member)`,
        status: 'invited',
      }),
    ]);
    expect(first.output.files).toContain('catalog/users/Ada-L.yaml');
    expect(first.output.userEntityRef).toBe('user:default/Ada-L');
    expect(first.log.join('\n')).toContain(
      `GitHub organization ${ORG} (member): invited`,
    );

    // A fresh workspace: the files are added again, GitHub is unchanged.
    const second = await runTemplate(ada, 'user:default/alan.turing');
    expect(second.status).toBe('completed');
    expect(
      second.output.results
        .filter((r: any) => r.system === 'github')
        .map((r: any) => r.status),
    ).toEqual(['unchanged', 'unchanged']);
    standIn.assertNoViolations();
  });

  it('holds a privileged persona until a second person approves it in the portal', async () => {
    standIn.state.addUser({ login: 'mae-j', name: 'Mae Jemison' });
    const sre = {
      ...ada,
      githubLogin: 'mae-j',
      name: 'Mae Jemison',
      email: 'mae@acme.dev',
      persona: 'sre',
    };
    const invited = () =>
      [...standIn.state.org(ORG)!.invitations.values()]
        .map(i => i.login)
        .includes('mae-j');
    const asked = await runTemplate(sre, 'user:default/alan.turing');
    expect(asked.status).toBe('completed');
    expect(asked.output.approval).toMatchObject({
      required: true,
      state: 'requested',
      reason: 'sre grants write access to prod, a production environment',
    });
    expect(invited()).toBe(false);
    const id = asked.output.approval.requestId;
    const decide = (user: string) =>
      request(server)
        .post(`/api/requests/requests/${id}/approve`)
        .set('Authorization', mockCredentials.user.header(user));

    // The requester cannot approve; an administrator who is not an approver cannot either.
    expect((await decide('user:default/alan.turing')).status).toBe(403);
    expect((await decide('user:default/linus.torvalds')).status).toBe(403);
    expect(invited()).toBe(false);

    const approved = await decide('user:default/radia.perlman');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'applied',
      requestedBy: 'user:default/alan.turing',
      decidedBy: 'user:default/radia.perlman',
      title: 'Onboard Mae Jemison as Site reliability engineer in payments',
    });
    expect(invited()).toBe(true);
    standIn.assertNoViolations();
  });

  it('fails the task with what was done when GitHub fails part-way', async () => {
    standIn.state.addUser({ login: 'linus-t' });
    standIn.inject({
      operationId: 'teams/add-or-update-membership-for-user-in-org',
      status: 503,
      // The first attempt and the client's three retries (1 + 4 + 9 s apart).
      times: 4,
    });
    const run = await runTemplate(
      {
        ...ada,
        githubLogin: 'linus-t',
        email: 'linus@acme.dev',
        name: 'Linus',
      },
      'user:default/alan.turing',
    );
    expect(run.status).toBe('failed');
    expect(run.error.message).toMatch(
      /Done \(\d+\): GitHub organization acme \(member\): invited, .*Not done \(1\): GitHub team acme\/payments-team \(member\): failed, HTTP 503/,
    );
  });

  it('shows a task and its log to the person who started it and to administrators only', async () => {
    const run = await runTemplate(ada, 'user:default/alan.turing');
    const tasks = await request(server)
      .get('/api/scaffolder/v2/tasks')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/radia.perlman'),
      );
    expect(tasks.status).toBe(200);
    expect(tasks.body.tasks.map((t: any) => t.id)).not.toContain(run.id);
    for (const route of [
      `/api/scaffolder/v2/tasks/${run.id}`,
      `/api/scaffolder/v2/tasks/${run.id}/events`,
    ]) {
      const other = await request(server)
        .get(route)
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/radia.perlman'),
        );
      expect(other.status).not.toBe(200);
      const admin = await request(server)
        .get(route)
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/linus.torvalds'),
        );
      expect(admin.status).toBe(200);
    }
  });

  it('keeps dry runs to administrators', async () => {
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/alan.turing'),
      )
      .send({ template, values: ada, directoryContents: [] });
    expect(res.status).toBe(403);
  });

  it('previews a template in a dry run without calling GitHub', async () => {
    const before = standIn.calls.length;
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/linus.torvalds'),
      )
      .send({
        template,
        values: { ...ada, githubLogin: 'someone-new' },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    expect(standIn.calls).toHaveLength(before);
    expect(
      res.body.output.results.every((r: any) => r.status === 'planned'),
    ).toBe(true);
    expect(res.body.directoryContents.map((f: any) => f.path)).toContain(
      'catalog/users/someone-new.yaml',
    );
  });

  it('merges into the access repository fetched before it (dry run through fetch:plain)', async () => {
    const withFetch = {
      ...template,
      spec: {
        ...template.spec,
        steps: [
          {
            id: 'fetch',
            name: 'Fetch the access repository',
            action: 'fetch:plain',
            input: { url: './access', targetPath: 'access' },
          },
          {
            ...template.spec.steps[0],
            input: { ...template.spec.steps[0].input, outputDir: 'access' },
          },
        ],
      },
    };
    const existing = [
      '# Argo CD RBAC for team payments.',
      'p, role:payments-developer-dev, applications, get, payments-dev/*, allow',
      'g, grace@acme.dev, role:payments-developer-dev',
      '',
    ].join('\n');
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/linus.torvalds'),
      )
      .send({
        template: withFetch,
        values: ada,
        directoryContents: [
          {
            path: 'access/argocd/policy.payments.csv',
            base64Content: Buffer.from(existing).toString('base64'),
          },
        ],
      });
    expect(res.status).toBe(200);
    const files = Object.fromEntries(
      res.body.directoryContents.map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    const policy = files['access/argocd/policy.payments.csv'];
    expect(policy).toContain('g, grace@acme.dev, role:payments-developer-dev');
    expect(policy).toContain('g, ada@acme.dev, role:payments-developer-dev');
    expect(policy).toContain('g, ada@acme.dev, role:payments-developer-prod');
    expect(files['access/catalog/users/Ada-L.yaml']).toContain('memberOf:');
  });

  it('serves the resolved persona catalogue to signed-in users only', async () => {
    const anonymous = await request(server).get(
      '/api/scaffolder/groundwork/personas',
    );
    expect(anonymous.status).toBe(401);
    const res = await request(server)
      .get('/api/scaffolder/groundwork/personas')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = res.body as PersonasResponse;
    expect(body.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(body.personas.map(p => p.id)).toEqual([
      'developer',
      'sre',
      'devops',
      'it-admin',
      'ciso',
    ]);
    const developer = body.personas[0];
    expect(developer.approval).toBeUndefined();
    expect(developer.environments.find(e => e.name === 'prod')).toEqual({
      name: 'prod',
      access: 'read',
      grants: expect.objectContaining({
        kubernetes: { namespaceRoles: ['view'], clusterRoles: [] },
        argocd: { applications: ['get'], logs: ['get'] },
      }),
    });
    expect(body.personas[1].approval).toBe(
      'sre grants write access to prod, a production environment',
    );
    // Flattened for the persona picker: a cell per system and environment.
    expect(developer.grants).toEqual(
      expect.arrayContaining([
        {
          system: 'github',
          environment: '*',
          access: 'organization member, team {team} (member)',
        },
        { system: 'access', environment: 'prod', access: 'read' },
        { system: 'aws', environment: 'dev', access: 'GroundworkDeveloper' },
        { system: 'kubernetes', environment: 'prod', access: 'view in {team}' },
        {
          system: 'argocd',
          environment: 'prod',
          access: 'applications: get, logs: get',
        },
      ]),
    );
    const ciso = body.personas.find(p => p.id === 'ciso')!;
    expect(ciso.grants).toContainEqual({
      system: 'argocd',
      environment: 'dev',
      access: 'role:readonly',
    });
    // Nothing granted, no cell: an it-admin has no Kubernetes access.
    expect(
      body.personas
        .find(p => p.id === 'it-admin')!
        .grants.filter(g => g.system === 'kubernetes'),
    ).toEqual([]);
    // Services may read it too.
    const service = await request(server)
      .get('/api/scaffolder/groundwork/personas')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(200);
  });
});
