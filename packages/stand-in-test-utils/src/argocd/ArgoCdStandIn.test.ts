import { ArgoCdStandIn } from './ArgoCdStandIn';
import { ArgoCdCrds } from './crds';
import { matchesLabelSelector, parseLabelSelector } from './labelSelector';
import { rollouts } from './rollouts';

const TOKEN = 'argocd-test-token';

function app(name: string, overrides: Record<string, any> = {}) {
  return {
    metadata: {
      name,
      labels: {
        'groundwork.dev/entity-name': name,
        'groundwork.dev/environment': 'dev',
      },
      ...overrides.metadata,
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/acme/payments',
        targetRevision: 'main',
        path: 'deploy/dev',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'payments',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
      ...overrides.spec,
    },
  };
}

describe('ArgoCdCrds', () => {
  const crds = ArgoCdCrds.get();

  it('accepts a valid Application and AppProject', () => {
    expect(crds.validate('Application', app('payments-dev'))).toEqual([]);
    expect(
      crds.validateManifest({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'payments', namespace: 'argocd' },
        spec: {
          sourceRepos: ['https://github.com/acme/*'],
          destinations: [{ server: '*', namespace: 'payments-*' }],
        },
      }),
    ).toEqual([]);
  });

  it('refuses unknown fields, wrong types, missing required fields and bad metadata', () => {
    const bad = app('Payments_Dev', {
      metadata: { labels: { 'groundwork.dev/entity-name': 'has space' } },
      spec: {
        source: { repoURL: 'x', targetRevison: 'main' },
        syncPolicy: { automated: { prune: 'yes' } },
        destination: undefined,
      },
    });
    const problems = crds.validate('Application', bad).join('\n');
    expect(problems).toContain(
      'must NOT have additional properties (targetRevison)',
    );
    expect(problems).toContain(
      'Application/spec/syncPolicy/automated/prune must be boolean',
    );
    expect(problems).toContain("must have required property 'destination'");
    expect(problems).toContain(
      'name "Payments_Dev" must be a lower-case RFC 1123 subdomain',
    );
    expect(problems).toContain(
      'labels/groundwork.dev/entity-name value "has space"',
    );
    expect(
      crds.validateManifest({
        ...app('a'),
        apiVersion: 'argoproj.io/v1',
        kind: 'Application',
      }),
    ).toEqual([
      'Application/apiVersion must be argoproj.io/v1alpha1, got argoproj.io/v1',
    ]);
  });

  it('keeps fields the CRD preserves (helm valuesObject) and int-or-string values', () => {
    expect(
      crds.validate(
        'Application',
        app('a', {
          spec: {
            source: {
              repoURL: 'https://charts.example.com',
              chart: 'web',
              targetRevision: '1.2.3',
              helm: { valuesObject: { replicas: 2, any: { nested: true } } },
            },
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe('label selectors', () => {
  const labels = { 'groundwork.dev/environment': 'prod', team: 'payments' };
  it.each([
    ['groundwork.dev/environment', true],
    ['groundwork.dev/environment=prod', true],
    ['groundwork.dev/environment==prod,team', true],
    ['groundwork.dev/environment!=prod', false],
    ['missing!=x', true],
    ['!team', false],
    ['!missing', true],
    ['team in (payments, web)', true],
    ['team notin (payments)', false],
    ['', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(
      expected,
    );
  });

  it('refuses bad syntax', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(/unable to parse/);
    expect(() => parseLabelSelector('team in (a')).toThrow(/unbalanced/);
    expect(() => parseLabelSelector('a,,b')).toThrow(/expected: identifier/);
  });
});

describe('ArgoCdStandIn', () => {
  let argocd: ArgoCdStandIn;
  const call = (method: string, path: string, body?: unknown, token = TOKEN) =>
    fetch(`${argocd.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async r => ({ status: r.status, body: (await r.json()) as any }));

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      accounts: { admin: 's3cret' },
      clusters: [
        { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
        { name: 'prod-eu', server: 'https://prod-eu.example.com' },
      ],
      unreachableRepos: ['https://github.com/acme/private'],
    }).start();
  });
  afterEach(() => argocd.stop());

  it('refuses calls without a valid token the way Argo CD does', async () => {
    expect(
      await call('GET', '/api/v1/applications', undefined, 'wrong'),
    ).toEqual({
      status: 401,
      body: {
        code: 16,
        error: 'invalid session: token signature is invalid',
        message: 'invalid session: token signature is invalid',
      },
    });
    const login = await call('POST', '/api/v1/session', {
      username: 'admin',
      password: 's3cret',
    });
    expect(login.status).toBe(200);
    expect(
      (await call('GET', '/api/v1/applications', undefined, login.body.token))
        .status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/api/v1/session', {
          username: 'admin',
          password: 'no',
        })
      ).status,
    ).toBe(401);
    argocd.assertNoViolations();
  });

  it('creates, gets and lists applications by label selector', async () => {
    const created = await call(
      'POST',
      '/api/v1/applications?upsert=false&validate=true',
      app('payments-dev'),
    );
    expect(created.status).toBe(200);
    expect(created.body.metadata).toMatchObject({
      name: 'payments-dev',
      namespace: 'argocd',
      generation: 1,
    });
    argocd.seedApplication(
      app('web-prod', {
        metadata: { labels: { 'groundwork.dev/environment': 'prod' } },
      }),
      {
        status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
      },
    );
    const list = await call(
      'GET',
      `/api/v1/applications?selector=${encodeURIComponent(
        'groundwork.dev/environment=dev',
      )}`,
    );
    expect(list.body.items.map((a: any) => a.metadata.name)).toEqual([
      'payments-dev',
    ]);
    const all = await call(
      'GET',
      `/api/v1/applications?selector=${encodeURIComponent(
        'groundwork.dev/environment',
      )}`,
    );
    expect(all.body.items).toHaveLength(2);
    // Without a project Argo CD never says an app is missing (CVE-2022-41354).
    expect(await call('GET', '/api/v1/applications/nope')).toMatchObject({
      status: 403,
      body: { code: 7, message: 'permission denied' },
    });
    expect(
      await call('GET', '/api/v1/applications/nope?project=default'),
    ).toMatchObject({
      status: 404,
      body: { code: 5, message: 'applications.argoproj.io "nope" not found' },
    });
    expect(
      (await call('GET', '/api/v1/applications?selector=a%3D%3Db%3Dc')).status,
    ).toBe(400);
    argocd.assertNoViolations();
  });

  it('follows Argo CD upsert semantics', async () => {
    await call('POST', '/api/v1/applications', app('a'));
    const same = await call('POST', '/api/v1/applications', app('a'));
    expect(same.status).toBe(200);
    expect(same.body.metadata.generation).toBe(1);
    const changed = app('a', {
      spec: {
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'other',
        },
      },
    });
    expect(await call('POST', '/api/v1/applications', changed)).toMatchObject({
      status: 400,
      body: {
        code: 3,
        message:
          'existing application spec is different, use upsert flag to force update',
      },
    });
    const upserted = await call(
      'POST',
      '/api/v1/applications?upsert=true',
      changed,
    );
    expect(upserted.body.metadata.generation).toBe(2);
    expect(argocd.application('a')?.spec.destination.namespace).toBe('other');
    argocd.assertNoViolations();
  });

  it('holds bodies against the CRD and records a violation', async () => {
    const bad = app('a', {
      spec: { source: { repoURL: 'https://x', targetRevison: 'main' } },
    });
    const res = await call('POST', '/api/v1/applications', bad);
    expect(res.status).toBe(400);
    expect(argocd.violations.join('\n')).toContain('targetRevison');
  });

  it('checks project permissions, clusters and reachability', async () => {
    argocd.seedProject({
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['https://github.com/acme/*'],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: 'payments-*' },
        ],
      },
    });
    const inProject = (spec: object) =>
      app('a', { spec: { project: 'payments', ...spec } });
    const message = async (body: object, query = '') =>
      (await call('POST', `/api/v1/applications${query}`, body)).body.message;
    expect(await message(app('a', { spec: { project: 'ghost' } }))).toBe(
      'app is not allowed in project "ghost", or the project does not exist',
    );
    expect(
      await message(
        inProject({
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'web',
          },
        }),
      ),
    ).toContain(
      "do not match any of the allowed destinations in project 'payments'",
    );
    expect(
      await message(
        inProject({
          source: { repoURL: 'https://gitlab.com/x/y', path: '.' },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'payments-dev',
          },
        }),
      ),
    ).toBe(
      "application repo https://gitlab.com/x/y is not permitted in project 'payments'",
    );
    expect(
      await message(
        app('a', {
          spec: { destination: { name: 'nowhere', namespace: 'x' } },
        }),
      ),
    ).toContain('there are no clusters with this name: nowhere');
    const privateRepo = app('a', {
      spec: {
        source: { repoURL: 'https://github.com/acme/private', path: '.' },
      },
    });
    expect(await message(privateRepo)).toContain('repository not accessible');
    expect(
      (await call('POST', '/api/v1/applications?validate=false', privateRepo))
        .status,
    ).toBe(200);
    argocd.assertNoViolations();
  });

  it('plays sync progress one step per read, and degraded health when scripted', async () => {
    await call('POST', '/api/v1/applications', app('a'));
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const { body } = await call('GET', '/api/v1/applications/a');
      seen.push(
        `${body.status.sync.status}/${body.status.health.status}/${body.status.operationState?.phase}`,
      );
    }
    expect(seen).toEqual([
      'OutOfSync/Missing/Running',
      'Synced/Progressing/Succeeded',
      'Synced/Healthy/Succeeded',
      'Synced/Healthy/Succeeded',
    ]);
    const synced = argocd.application('a')!;
    expect(synced.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(synced.status.history).toHaveLength(1);

    argocd.nextRollout(
      rollouts.degraded('Back-off restarting failed container'),
    );
    await call('POST', '/api/v1/applications', app('b'));
    for (let i = 0; i < 3; i++) argocd.advance('b');
    expect(argocd.application('b')?.status.health).toMatchObject({
      status: 'Degraded',
      message: 'Back-off restarting failed container',
    });
    const tree = await call('GET', '/api/v1/applications/b/resource-tree');
    expect(tree.body.nodes[0]).toMatchObject({
      kind: 'Deployment',
      health: { status: 'Degraded' },
    });

    await call(
      'POST',
      '/api/v1/applications',
      app('manual', { spec: { syncPolicy: undefined } }),
    );
    argocd.advance('manual');
    argocd.advance('manual');
    expect(argocd.application('manual')?.status.sync.status).toBe('OutOfSync');
    argocd.assertNoViolations();
  });

  describe('sync, rollback and revision metadata (server/application/application.go)', () => {
    const manual = () => app('m', { spec: { syncPolicy: undefined } });
    const settle = (name: string) => {
      for (let i = 0; i < 3; i++) argocd.advance(name);
    };

    it('refuses a sync while another operation runs, and records one history entry per successful sync', async () => {
      await call('POST', '/api/v1/applications', manual());
      const first = await call('POST', '/api/v1/applications/m/sync', {
        name: 'm',
      });
      expect(first.status).toBe(200);
      expect(
        await call('POST', '/api/v1/applications/m/sync', { name: 'm' }),
      ).toEqual({
        status: 400,
        body: {
          code: 9,
          error: 'another operation is already in progress',
          message: 'another operation is already in progress',
        },
      });
      settle('m');
      expect(
        (await call('POST', '/api/v1/applications/m/sync', { name: 'm' }))
          .status,
      ).toBe(200);
      settle('m');
      const history = argocd.application('m')!.status.history;
      expect(history).toHaveLength(2);
      expect(history.map((h: any) => h.id)).toEqual([0, 1]);
      expect(history[1]).toMatchObject({
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
        deployStartedAt: expect.any(String),
        deployedAt: expect.any(String),
        source: { repoURL: 'https://github.com/acme/payments' },
        initiatedBy: { username: 'groundwork' },
      });
      argocd.assertNoViolations();
    });

    it('rolls back to a history id, refuses unknown ids and apps with automated sync', async () => {
      argocd.seedApplication(manual(), {
        status: {
          history: [
            {
              id: 4,
              revision: 'a'.repeat(40),
              deployedAt: '2026-11-19T08:00:00Z',
              source: { repoURL: 'https://github.com/acme/payments' },
            },
            {
              id: 5,
              revision: 'b'.repeat(40),
              deployedAt: '2026-11-20T08:00:00Z',
              source: { repoURL: 'https://github.com/acme/payments' },
            },
          ],
        },
      });
      expect(
        await call('POST', '/api/v1/applications/m/rollback', {
          name: 'm',
          id: 9,
        }),
      ).toMatchObject({
        status: 400,
        body: { message: 'application m does not have deployment with id 9' },
      });
      expect(
        (
          await call('POST', '/api/v1/applications/m/rollback', {
            name: 'm',
            id: 4,
          })
        ).status,
      ).toBe(200);
      settle('m');
      const status = argocd.application('m')!.status;
      // What runs is the rolled-back revision; the app is compared with its
      // target again, which it no longer matches (controller/state.go).
      expect(status.operationState.syncResult.revision).toBe('a'.repeat(40));
      expect(status.sync).toMatchObject({
        status: 'OutOfSync',
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      expect(status.sync.revision).not.toBe('a'.repeat(40));
      expect(status.history.map((h: any) => [h.id, h.revision])).toEqual([
        [4, 'a'.repeat(40)],
        [5, 'b'.repeat(40)],
        [6, 'a'.repeat(40)],
      ]);

      await call('POST', '/api/v1/applications', app('auto'));
      settle('auto');
      expect(
        await call('POST', '/api/v1/applications/auto/rollback', {
          name: 'auto',
          id: 0,
        }),
      ).toMatchObject({
        status: 400,
        body: {
          code: 9,
          message: 'rollback cannot be initiated when auto-sync is enabled',
        },
      });
      argocd.deny({ resource: 'applications', action: 'sync' });
      expect(
        (
          await call('POST', '/api/v1/applications/m/rollback', {
            name: 'm',
            id: 5,
          })
        ).status,
      ).toBe(403);
      argocd.assertNoViolations();
    });

    it('answers revision metadata for commits, and refuses unresolved revisions', async () => {
      await call('POST', '/api/v1/applications', manual());
      argocd.seedRevision('c'.repeat(40), {
        author: 'Jane Doe <jane@example.com>',
        date: '2026-11-20T09:00:00Z',
        message: 'Bump image to 1.4.2',
        tags: ['v1.4.2'],
      });
      expect(
        await call(
          'GET',
          `/api/v1/applications/m/revisions/${'c'.repeat(40)}/metadata`,
        ),
      ).toEqual({
        status: 200,
        body: {
          author: 'Jane Doe <jane@example.com>',
          date: '2026-11-20T09:00:00Z',
          message: 'Bump image to 1.4.2',
          tags: ['v1.4.2'],
        },
      });
      expect(
        await call('GET', '/api/v1/applications/m/revisions/main/metadata'),
      ).toMatchObject({
        status: 500,
        body: { message: 'revision main must be resolved' },
      });
      expect(
        (
          await call(
            'GET',
            `/api/v1/applications/nope/revisions/${'c'.repeat(40)}/metadata`,
          )
        ).status,
      ).toBe(403);
      argocd.assertNoViolations();
    });
  });

  it('creates projects, reuses identical ones and names the keys that differ', async () => {
    const project = {
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['https://github.com/acme/*'],
        destinations: [{ server: '*', namespace: 'payments' }],
      },
    };
    expect((await call('POST', '/api/v1/projects', { project })).status).toBe(
      200,
    );
    expect(
      (await call('POST', '/api/v1/projects', { project })).body.metadata
        .generation,
    ).toBe(1);
    const different = {
      ...project,
      spec: { ...project.spec, sourceRepos: ['*'] },
    };
    expect(
      (await call('POST', '/api/v1/projects', { project: different })).body
        .message,
    ).toBe(
      'existing project spec is different; use upsert flag to force update; difference in keys "sourceRepos"',
    );
    expect(
      (await call('GET', '/api/v1/projects/payments')).body.spec.sourceRepos,
    ).toEqual(['https://github.com/acme/*']);
    expect((await call('GET', '/api/v1/projects/ghost')).status).toBe(404);
    argocd.assertNoViolations();
  });

  describe('project updates: optimistic concurrency of the AppProject resource', () => {
    const seeded = () =>
      argocd.seedProject({
        metadata: { name: 'payments-dev' },
        spec: {
          sourceRepos: ['https://github.com/acme/payments'],
          destinations: [
            { server: 'https://kubernetes.default.svc', namespace: 'payments' },
          ],
        },
      });
    const withRepo = (project: any, repo: string) => ({
      ...project,
      spec: {
        ...project.spec,
        sourceRepos: [...project.spec.sourceRepos, repo],
      },
    });

    it('stores an update sent with the current resourceVersion, and gives it a new one', async () => {
      seeded();
      const read = (await call('GET', '/api/v1/projects/payments-dev')).body;
      const updated = await call('PUT', '/api/v1/projects/payments-dev', {
        project: withRepo(read, 'https://github.com/acme/ledger'),
      });
      expect(updated.status).toBe(200);
      expect(updated.body.metadata.resourceVersion).not.toBe(
        read.metadata.resourceVersion,
      );
      expect(updated.body.metadata.generation).toBe(
        read.metadata.generation + 1,
      );
      expect(argocd.project('payments-dev')).toEqual(updated.body);
      // The answer carries the version the next update must send.
      const again = await call('PUT', '/api/v1/projects/payments-dev', {
        project: withRepo(updated.body, 'https://github.com/acme/refunds'),
      });
      expect(again.status).toBe(200);
      expect(again.body.spec.sourceRepos).toEqual([
        'https://github.com/acme/payments',
        'https://github.com/acme/ledger',
        'https://github.com/acme/refunds',
      ]);
      argocd.assertNoViolations();
    });

    it('answers 409 (gRPC Aborted) to an update sent with a stale resourceVersion, and keeps what is stored', async () => {
      const stale = seeded();
      const first = await call('PUT', '/api/v1/projects/payments-dev', {
        project: withRepo(stale, 'https://github.com/acme/ledger'),
      });
      expect(first.status).toBe(200);
      const second = await call('PUT', '/api/v1/projects/payments-dev', {
        project: withRepo(stale, 'https://github.com/acme/refunds'),
      });
      expect(second).toEqual({
        status: 409,
        body: {
          code: 10,
          error: expect.any(String),
          message:
            'Operation cannot be fulfilled on appprojects.argoproj.io "payments-dev": the object has been modified; please apply your changes to the latest version and try again',
        },
      });
      expect(argocd.project('payments-dev')?.spec.sourceRepos).toEqual([
        'https://github.com/acme/payments',
        'https://github.com/acme/ledger',
      ]);
      argocd.assertNoViolations();
    });

    it('refuses an update without metadata.resourceVersion as the API server refuses it for a custom resource', async () => {
      const stored = seeded();
      const { resourceVersion: _omitted, ...metadata } = stored.metadata;
      const answer = await call('PUT', '/api/v1/projects/payments-dev', {
        project: withRepo(
          { ...stored, metadata },
          'https://github.com/acme/ledger',
        ),
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 3,
        message:
          'appprojects.argoproj.io "payments-dev" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      });
      expect(argocd.project('payments-dev')).toEqual(stored);
      argocd.assertNoViolations();
    });
  });

  describe('project updates: what Argo CD checks before it stores them', () => {
    const base = () =>
      argocd.seedProject({
        metadata: { name: 'payments-dev' },
        spec: {
          sourceRepos: ['https://github.com/acme/payments'],
          destinations: [
            { server: 'https://kubernetes.default.svc', namespace: 'payments' },
          ],
        },
      });
    const put = (project: any, spec: object) =>
      call('PUT', '/api/v1/projects/payments-dev', {
        project: { ...project, spec: { ...project.spec, ...spec } },
      });

    it('needs repositories, update on each added repository and clusters, update on each added server', async () => {
      const stored = base();
      argocd.deny({
        resource: 'repositories',
        action: 'update',
        object: 'https://github.com/acme/secret-*',
      });
      argocd.clusterApi.deny({
        action: 'update',
        object: 'https://prod-eu.example.com',
      });
      const repo = await put(stored, {
        sourceRepos: [
          'https://github.com/acme/payments',
          'https://github.com/acme/secret-sauce',
        ],
      });
      expect(repo.status).toBe(403);
      expect(repo.body.message).toMatch(
        /^permission denied: repositories, update, https:\/\/github.com\/acme\/secret-sauce/,
      );
      const cluster = await put(stored, {
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: 'payments' },
          { server: 'https://prod-eu.example.com', namespace: 'payments' },
        ],
      });
      expect(cluster.status).toBe(403);
      expect(cluster.body.message).toMatch(
        /^permission denied: clusters, update, https:\/\/prod-eu.example.com/,
      );
      // Repositories and destinations already there are not checked again.
      expect(
        (
          await put(stored, {
            sourceRepos: [
              'https://github.com/acme/payments',
              'https://github.com/acme/ledger',
            ],
          })
        ).status,
      ).toBe(200);
    });

    it('needs clusters, update on every destination when a resource list changes', async () => {
      const stored = base();
      argocd.clusterApi.deny({
        action: 'update',
        object: 'https://kubernetes.default.svc',
      });
      const answer = await put(stored, {
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      });
      expect(answer.status).toBe(403);
      expect(argocd.project('payments-dev')).toEqual(stored);
    });

    it('refuses a destination, source namespace or repository listed twice, as ValidateProject does', async () => {
      const stored = base();
      const twice = await put(stored, {
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: 'payments' },
          {
            server: 'https://kubernetes.default.svc',
            name: 'in-cluster',
            namespace: 'payments',
          },
        ],
      });
      expect(twice).toMatchObject({
        status: 400,
        body: {
          code: 3,
          message:
            "destination 'https://kubernetes.default.svc/payments' already added",
        },
      });
      expect(
        (
          await put(stored, {
            sourceRepos: [
              'https://github.com/acme/payments',
              'https://github.com/acme/payments',
            ],
          })
        ).body.message,
      ).toBe(
        "source repository 'https://github.com/acme/payments' already added",
      );
      const created = await call('POST', '/api/v1/projects', {
        project: {
          metadata: { name: 'ledger-dev' },
          spec: {
            sourceRepos: ['*'],
            sourceNamespaces: ['team-a', 'team-a'],
          },
        },
      });
      expect(created.status).toBe(400);
      expect(created.body.message).toBe(
        "source namespace 'team-a' already added",
      );
      // A name-only destination is keyed by its name.
      expect(
        (
          await put(stored, {
            destinations: [
              { name: 'in-cluster', namespace: 'payments' },
              {
                server: 'https://kubernetes.default.svc',
                namespace: 'payments',
              },
            ],
          })
        ).status,
      ).toBe(200);
    });
  });

  it('refuses by RBAC rule and plays injected faults', async () => {
    argocd.deny({
      resource: 'applications',
      action: 'create',
      object: 'default/*',
    });
    const denied = await call('POST', '/api/v1/applications', app('a'));
    expect(denied).toMatchObject({ status: 403, body: { code: 7 } });
    expect(denied.body.message).toMatch(
      /^permission denied: applications, create, default\/a/,
    );

    argocd.inject({ operationId: 'ApplicationService_List', status: 429 });
    argocd.inject({ operationId: 'ApplicationService_Get', status: 409 });
    expect((await call('GET', '/api/v1/applications')).status).toBe(429);
    expect((await call('GET', '/api/v1/applications/a')).status).toBe(409);
    argocd.inject({ operationId: 'ApplicationService_List', delayMs: 50 });
    const started = Date.now();
    expect((await call('GET', '/api/v1/applications')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    argocd.revokeToken(TOKEN);
    expect((await call('GET', '/api/v1/applications')).status).toBe(401);
    argocd.assertNoViolations();
  });

  describe('who may learn that an app exists (getAppEnforceRBAC, CVE-2022-41354)', () => {
    const get = (name: string, query = '') =>
      call('GET', `/api/v1/applications/${name}${query}`);
    const denied = {
      status: 403,
      body: { code: 7, message: 'permission denied' },
    };
    const notFound = (name: string) => ({
      status: 404,
      body: {
        code: 5,
        message: `applications.argoproj.io "${name}" not found`,
      },
    });

    beforeEach(() => {
      argocd.seedProject({
        metadata: { name: 'payments' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: '*', namespace: '*' }],
        },
      });
      argocd.seedApplication(app('pay', { spec: { project: 'payments' } }));
    });

    it('get: 403 for a missing app without project, 404 with it; 404 for an app in another project', async () => {
      expect(await get('ghost')).toMatchObject(denied);
      expect(await get('ghost', '?project=payments')).toMatchObject(
        notFound('ghost'),
      );
      expect(await get('pay')).toMatchObject({ status: 200 });
      expect(await get('pay', '?project=payments')).toMatchObject({
        status: 200,
      });
      // Exists, readable, but in another project than asked: "not in that project".
      expect(await get('pay', '?project=default')).toMatchObject(
        notFound('pay'),
      );
      // The newer `projects` field counts when `project` is absent; two are refused.
      expect(await get('pay', '?projects=default')).toMatchObject(
        notFound('pay'),
      );
      expect(
        await get('pay', '?projects=default&projects=payments'),
      ).toMatchObject({ status: 400 });
    });

    it('get: RBAC on project/name before the read, and on the stored app after it', async () => {
      argocd.deny({
        resource: 'applications',
        action: 'get',
        object: 'payments/*',
      });
      // Asked in a project the caller may not read: 403, exists or not.
      expect(await get('pay', '?project=payments')).toMatchObject(denied);
      expect(await get('ghost', '?project=payments')).toMatchObject(denied);
      // Asked in a readable project, the app sits in an unreadable one: 404, not 403.
      expect(await get('pay', '?project=default')).toMatchObject(
        notFound('pay'),
      );
      // Without project: 403 whether it exists or not.
      expect(await get('pay')).toMatchObject(denied);
      expect(await get('ghost')).toMatchObject(denied);
      // Listing leaves out what the caller may not get.
      expect(
        (await call('GET', '/api/v1/applications')).body.items ?? [],
      ).toEqual([]);
    });

    it('an app namespace Argo CD does not watch is a 403 even with project', async () => {
      expect(
        await get('pay', '?project=payments&appNamespace=elsewhere'),
      ).toMatchObject(denied);
    });

    it('resource-tree, update, delete and sync follow the same rules', async () => {
      expect(
        await call('GET', '/api/v1/applications/ghost/resource-tree'),
      ).toMatchObject(denied);
      expect(
        await call(
          'GET',
          '/api/v1/applications/ghost/resource-tree?project=payments',
        ),
      ).toMatchObject(notFound('ghost'));
      expect(
        await call('PUT', '/api/v1/applications/ghost', app('ghost')),
      ).toMatchObject(denied);
      expect(
        await call(
          'PUT',
          '/api/v1/applications/ghost?project=default',
          app('ghost'),
        ),
      ).toMatchObject(notFound('ghost'));
      expect(
        await call('PUT', '/api/v1/applications/pay?project=default', {
          ...app('pay'),
          spec: { ...app('pay').spec, project: 'default' },
        }),
      ).toMatchObject(notFound('pay'));
      expect(await call('DELETE', '/api/v1/applications/ghost')).toMatchObject(
        denied,
      );
      expect(
        await call('DELETE', '/api/v1/applications/ghost?project=payments'),
      ).toMatchObject(notFound('ghost'));
      expect(
        await call('POST', '/api/v1/applications/ghost/sync', {
          name: 'ghost',
        }),
      ).toMatchObject(denied);
      expect(
        await call('POST', '/api/v1/applications/ghost/sync', {
          name: 'ghost',
          project: 'payments',
        }),
      ).toMatchObject(notFound('ghost'));

      argocd.deny({
        resource: 'applications',
        action: 'sync',
        object: 'payments/pay',
      });
      const refused = await call('POST', '/api/v1/applications/pay/sync', {
        name: 'pay',
        project: 'payments',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(
        /^permission denied: applications, sync, payments\/pay/,
      );

      expect(
        await call('DELETE', '/api/v1/applications/pay?project=payments'),
      ).toMatchObject({ status: 200 });
      expect(argocd.application('pay')).toBeUndefined();
      argocd.assertNoViolations();
    });

    it('upsert is checked against the project the app is sent with', async () => {
      argocd.deny({
        resource: 'applications',
        action: 'update',
        object: 'default/*',
      });
      const moved = await call('POST', '/api/v1/applications?upsert=true', {
        ...app('pay'),
        spec: { ...app('pay').spec, project: 'default' },
      });
      expect(moved.status).toBe(403);
      expect(moved.body.message).toMatch(
        /^permission denied: applications, update, default\/pay/,
      );
    });

    it('projects: RBAC before the read, so a missing project is a 404 only to who may read it', async () => {
      expect((await call('GET', '/api/v1/projects/ghost')).status).toBe(404);
      argocd.deny({ resource: 'projects', action: 'get', object: 'g*' });
      expect(await call('GET', '/api/v1/projects/ghost')).toMatchObject({
        status: 403,
      });
      argocd.deny({ resource: 'projects', action: 'update', object: 'ghost' });
      expect(
        (
          await call('PUT', '/api/v1/projects/ghost', {
            project: {
              metadata: { name: 'ghost' },
              spec: { sourceRepos: ['*'] },
            },
          })
        ).status,
      ).toBe(403);
      argocd.deny({ resource: 'projects', action: 'get', object: 'payments' });
      expect(
        (await call('GET', '/api/v1/projects')).body.items.map(
          (p: any) => p.metadata.name,
        ),
      ).toEqual(['default']);
    });
  });

  describe('sync-time AppProject enforcement (validateSyncPermissions)', () => {
    const overlay = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'payments' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'payments', namespace: 'payments' },
      },
    ];
    let synced: ArgoCdStandIn;
    const spec = (extra: object = {}) => ({
      sourceRepos: ['https://github.com/acme/payments'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'payments' },
      ],
      ...extra,
    });
    beforeEach(async () => {
      synced = await new ArgoCdStandIn({ manifests: () => overlay }).start();
    });
    afterEach(() => synced.stop());
    const readTwice = () => {
      synced.advance('a');
      synced.advance('a');
      return synced.application('a')!.status;
    };

    it('fails the sync of a cluster-scoped kind the project does not whitelist, with Argo CD’s message', async () => {
      synced.seedProject({ metadata: { name: 'payments' }, spec: spec() });
      synced.seedApplication(app('a', { spec: { project: 'payments' } }));
      // Seeded apps play nothing; a sync through the API starts the operation.
      const r = await fetch(`${synced.url}/api/v1/applications/a/sync`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'a', project: 'payments' }),
      });
      expect(r.status).toBe(200);
      expect(readTwice().operationState).toMatchObject({
        phase: 'Failed',
        message:
          'one or more synchronization tasks are not valid: resource :Namespace is not permitted in project payments',
      });
      synced.assertNoViolations();
    });

    it('lets the sync through once the kind is whitelisted, and refuses a blacklisted namespaced kind', async () => {
      synced.seedProject({
        metadata: { name: 'payments' },
        spec: spec({
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        }),
      });
      const created = await fetch(`${synced.url}/api/v1/applications`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(app('a', { spec: { project: 'payments' } })),
      });
      expect(created.status).toBe(200);
      expect(readTwice().operationState.phase).toBe('Succeeded');

      synced.seedProject({
        metadata: { name: 'blocked' },
        spec: spec({
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
          namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deployment' }],
        }),
      });
      await fetch(`${synced.url}/api/v1/applications?upsert=true`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(app('a', { spec: { project: 'blocked' } })),
      });
      expect(readTwice().operationState.message).toBe(
        'one or more synchronization tasks are not valid: resource apps:Deployment is not permitted in project blocked',
      );
      synced.assertNoViolations();
    });
  });

  it('refuses seeds that a cluster would not accept', () => {
    expect(() => argocd.seedApplication(app('Bad Name'))).toThrow(
      /Seeded Application is invalid/,
    );
  });
});
