import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { ConfigReader, type JsonObject } from '@backstage/config';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { generate } from 'selfsigned';
import { ArgoCdClient } from './client';
import { ArgoCdInstance, readArgoCdInstances } from './config';
import { setTimeout as sleep } from 'node:timers/promises';

const TOKEN = 'argocd-test-token';

function instance(
  url: string,
  extra: Partial<ArgoCdInstance> = {},
): ArgoCdInstance {
  return {
    name: 'test',
    url,
    token: TOKEN,
    uiUrl: url,
    requestTimeoutMs: 5_000,
    ...extra,
  };
}

function app(name: string, environment = 'dev') {
  return {
    metadata: {
      name,
      labels: {
        'groundwork.dev/entity-name': name,
        'groundwork.dev/environment': environment,
      },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/acme/payments',
        targetRevision: 'main',
        path: 'deploy',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'payments',
      },
    },
  };
}

async function listen(server: http.Server | https.Server) {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('ArgoCdClient', () => {
  let argocd: ArgoCdStandIn;
  let client: ArgoCdClient;
  const warnings: string[] = [];

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      accounts: { groundwork: 'pw' },
    }).start();
    warnings.length = 0;
    client = new ArgoCdClient({
      instance: instance(argocd.url),
      backoffMs: 1,
      logger: { warn: m => warnings.push(m) },
    });
  });
  afterEach(async () => {
    // Whatever the test provoked, every request was one Argo CD 3.6 accepts.
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('lists applications by label selector in one call', async () => {
    argocd.seedApplication(app('payments-dev'));
    argocd.seedApplication(app('payments-prod', 'prod'));
    const apps = await client.listApplications({
      selector: 'groundwork.dev/environment=prod',
    });
    expect(apps.map(a => a.metadata.name)).toEqual(['payments-prod']);
    expect(argocd.callsTo('ApplicationService_List')).toHaveLength(1);
    expect(argocd.calls[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    argocd.assertNoViolations();
  });

  it('reads revision metadata, syncs and rolls back with the bodies the swagger defines', async () => {
    const automated = app('payments-dev');
    (automated.spec as any).syncPolicy = { automated: { prune: true } };
    argocd.seedApplication(automated, {
      status: {
        history: [
          {
            id: 3,
            revision: 'a'.repeat(40),
            deployedAt: '2026-11-19T08:00:00Z',
            source: { repoURL: 'https://github.com/acme/payments' },
          },
        ],
      },
    });
    argocd.seedRevision('a'.repeat(40), {
      author: 'Jane Doe <jane@example.com>',
      message: 'Bump image',
      tags: ['v1'],
    });
    await expect(
      client.getRevisionMetadata('payments-dev', 'a'.repeat(40), {
        project: 'default',
      }),
    ).resolves.toEqual({
      author: 'Jane Doe <jane@example.com>',
      message: 'Bump image',
      tags: ['v1'],
    });
    expect(
      argocd.callsTo('ApplicationService_RevisionMetadata')[0].query,
    ).toEqual({ project: ['default'] });

    // Automated sync is on: Argo CD refuses the rollback, the client says so.
    await expect(
      client.rollbackApplication('payments-dev', 3, { project: 'default' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'rollback cannot be initiated when auto-sync is enabled',
      ),
    });
    await client.syncApplication('payments-dev', { project: 'default' });
    expect(argocd.callsTo('ApplicationService_Sync')[0].body).toEqual({
      name: 'payments-dev',
      project: 'default',
    });
    await expect(
      client.syncApplication('payments-dev', { project: 'default' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'another operation is already in progress',
      ),
    });

    const manual = app('payments-manual');
    argocd.seedApplication(manual, {
      status: {
        history: [
          {
            id: 7,
            revision: 'b'.repeat(40),
            deployedAt: '2026-11-19T08:00:00Z',
            source: manual.spec.source,
          },
        ],
      },
    });
    await client.rollbackApplication('payments-manual', 7, {
      project: 'default',
    });
    expect(argocd.callsTo('ApplicationService_Rollback').at(-1)!.body).toEqual({
      name: 'payments-manual',
      id: 7,
      project: 'default',
    });
  });

  it('creates, reads, updates and upserts applications and projects', async () => {
    expect(
      await client.getApplication('payments-dev', { project: 'default' }),
    ).toBeUndefined();
    const created = await client.createApplication(app('payments-dev'), {
      upsert: false,
      validate: true,
    });
    expect(created.metadata.generation).toBe(1);
    const changed = app('payments-dev');
    changed.spec.source.targetRevision = 'v2';
    const upserted = await client.createApplication(changed, { upsert: true });
    expect(upserted.metadata.generation).toBe(2);
    changed.spec.source.path = 'deploy/v2';
    const updated = await client.updateApplication(changed, {
      project: 'default',
    });
    expect(updated.spec).toMatchObject({ source: { path: 'deploy/v2' } });
    expect(
      (
        await client.getApplication('payments-dev', {
          appNamespace: 'argocd',
          project: 'default',
        })
      )?.metadata.resourceVersion,
    ).toBeDefined();
    expect(await client.getResourceTree('payments-dev')).toEqual({ nodes: [] });

    expect(await client.getProject('payments')).toBeUndefined();
    const project = {
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: 'payments' }],
      },
    };
    await client.createProject(project);
    expect((await client.getProject('payments'))?.spec).toEqual(project.spec);
    expect(argocd.callsTo('ProjectService_Create')[0].body).toEqual({
      project,
    });
    expect(client.appUrl('payments-dev', 'argocd')).toBe(
      `${argocd.url}/applications/argocd/payments-dev`,
    );
    argocd.assertNoViolations();
  });

  it('updates a project with the resourceVersion it was read with, and says when it changed meanwhile', async () => {
    argocd.seedProject({
      metadata: { name: 'payments-dev' },
      spec: {
        sourceRepos: ['https://github.com/acme/payments'],
        destinations: [{ server: '*', namespace: 'payments' }],
      },
    });
    const read = (await client.getProject('payments-dev'))!;
    const updated = await client.updateProject({
      ...read,
      spec: {
        ...read.spec,
        sourceRepos: [
          'https://github.com/acme/payments',
          'https://github.com/acme/ledger',
        ],
      },
    });
    expect(updated.spec.sourceRepos).toEqual([
      'https://github.com/acme/payments',
      'https://github.com/acme/ledger',
    ]);
    const [put] = argocd.callsTo('ProjectService_Update');
    expect(put.method).toBe('PUT');
    expect(put.path).toBe('/api/v1/projects/payments-dev');
    expect((put.body as any).project.metadata.resourceVersion).toBe(
      read.metadata.resourceVersion,
    );
    // The read is stale now: Kubernetes' optimistic concurrency refuses it.
    await expect(client.updateProject(read)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'the object has been modified; please apply your changes to the latest version and try again',
      ),
    });
    // A conflict is not retried by the client: only a fresh read can fix it.
    expect(argocd.callsTo('ProjectService_Update')).toHaveLength(2);
    argocd.assertNoViolations();
  });

  it('reads an app within its project, so that a missing one is "not found" and not a 403', async () => {
    // Argo CD answers 403 for a missing app read without a project
    // (getAppEnforceRBAC, CVE-2022-41354); with the project it is a 404.
    expect(
      await client.getApplication('payments-dev', {
        project: 'default',
        appNamespace: 'argocd',
      }),
    ).toBeUndefined();
    expect(argocd.callsTo('ApplicationService_Get')[0].query).toEqual({
      project: ['default'],
      appNamespace: ['argocd'],
    });
    argocd.seedProject({
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
      },
    });
    argocd.seedApplication({
      ...app('payments-dev'),
      spec: { ...app('payments-dev').spec, project: 'payments' },
    });
    // In another project than asked: Argo CD says "not found" too.
    expect(
      await client.getApplication('payments-dev', { project: 'default' }),
    ).toBeUndefined();
    expect(
      (await client.getApplication('payments-dev', { project: 'payments' }))
        ?.spec.project,
    ).toBe('payments');
  });

  it('passes Argo CD validation messages through as InputError', async () => {
    const bad = app('a');
    bad.spec.project = 'ghost';
    await expect(client.createApplication(bad)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'answered 400 to POST /api/v1/applications: app is not allowed in project "ghost", or the project does not exist',
      ),
    });
    expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(1);
  });

  it('maps 401, 403 and 409 to errors that say what to do, without retrying', async () => {
    const stranger = new ArgoCdClient({
      instance: instance(argocd.url, { token: 'revoked' }),
    });
    await expect(stranger.listApplications({})).rejects.toMatchObject({
      name: 'AuthenticationError',
      message: expect.stringMatching(
        /invalid session.*argocd account generate-token/,
      ),
    });
    argocd.deny({ resource: 'applications', action: 'create' });
    await expect(client.createApplication(app('a'))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /permission denied: applications, create.*argocd-rbac-cm/,
      ),
    });
    argocd.inject({ operationId: 'ApplicationService_Update', status: 409 });
    argocd.seedApplication(app('b'));
    await expect(client.updateApplication(app('b'))).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('run the step again'),
    });
    expect(argocd.calls.map(c => c.status)).toEqual([401, 403, 409]);
  });

  it('retries 429, 5xx and dropped connections with backoff, then succeeds', async () => {
    argocd.inject({ operationId: 'ApplicationService_List', status: 429 });
    argocd.inject({ operationId: 'ApplicationService_List', status: 503 });
    argocd.inject({
      operationId: 'ApplicationService_List',
      dropConnection: true,
    });
    await expect(client.listApplications({})).resolves.toEqual([]);
    expect(
      argocd.callsTo('ApplicationService_List').map(c => c.status),
    ).toEqual([429, 503, 0, 200]);
    expect(warnings).toEqual([
      expect.stringMatching(/HTTP 429; retrying in .* \(attempt 2 of 4\)/),
      expect.stringMatching(/HTTP 503; retrying in .* \(attempt 3 of 4\)/),
      expect.stringMatching(/retrying in .* \(attempt 4 of 4\)/),
    ]);
  });

  it('gives up after the bounded number of retries', async () => {
    argocd.inject({
      operationId: 'ApplicationService_List',
      status: 429,
      times: 10,
    });
    await expect(client.listApplications({})).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        'after 4 attempts. Argo CD is rate limiting',
      ),
    });
    expect(argocd.callsTo('ApplicationService_List')).toHaveLength(4);
  });

  it('times out slow answers per request and says which setting bounds it', async () => {
    const impatient = new ArgoCdClient({
      instance: instance(argocd.url, { requestTimeoutMs: 50 }),
      maxRetries: 1,
      backoffMs: 1,
    });
    argocd.inject({
      operationId: 'ApplicationService_List',
      delayMs: 300,
      times: 2,
    });
    await expect(impatient.listApplications({})).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        'no answer within 50 ms (argocd.instances[].requestTimeoutMs), after 2 attempts',
      ),
    });
  });

  it('stops at once when the caller aborts during a backoff', async () => {
    const patient = new ArgoCdClient({
      instance: instance(argocd.url),
      backoffMs: 60_000,
    });
    argocd.inject({
      operationId: 'ApplicationService_List',
      status: 503,
      times: 5,
    });
    const controller = new AbortController();
    const pending = patient.listApplications({ signal: controller.signal });
    // Abort once the first answer (a 503) is in, i.e. during the backoff.
    while (argocd.callsTo('ApplicationService_List').length === 0) {
      await sleep(5);
    }
    await sleep(20);
    const started = Date.now();
    controller.abort(new Error('task cancelled'));
    await expect(pending).rejects.toThrow('task cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(argocd.callsTo('ApplicationService_List')).toHaveLength(1);
  });

  it('logs in with username and password, and again when the session expires', async () => {
    const byPassword = new ArgoCdClient({
      instance: instance(argocd.url, {
        token: undefined,
        username: 'groundwork',
        password: 'pw',
      }),
    });
    await byPassword.listApplications({});
    const firstToken = argocd.callsTo('ApplicationService_List')[0].headers
      .authorization!;
    argocd.revokeToken(firstToken.replace('Bearer ', ''));
    await byPassword.listApplications({});
    expect(argocd.callsTo('SessionService_Create')).toHaveLength(2);
    expect(
      argocd.callsTo('ApplicationService_List').map(c => c.status),
    ).toEqual([200, 401, 200]);

    const wrong = new ArgoCdClient({
      instance: instance(argocd.url, {
        token: undefined,
        username: 'groundwork',
        password: 'nope',
      }),
    });
    await expect(wrong.listApplications({})).rejects.toMatchObject({
      name: 'AuthenticationError',
      message: expect.stringContaining('argocd.instances[].username/password'),
    });
    argocd.assertNoViolations();
  });

  it('deletes an app within its project; with missingOk an app already gone is false, not an error', async () => {
    argocd.seedApplication(app('payments-dev'));
    await expect(
      client.deleteApplication('payments-dev', {
        project: 'default',
        missingOk: true,
      }),
    ).resolves.toBe(true);
    expect(argocd.application('payments-dev')).toBeUndefined();
    await expect(
      client.deleteApplication('payments-dev', {
        project: 'default',
        missingOk: true,
      }),
    ).resolves.toBe(false);
    // Without missingOk, as before: Argo CD's 404 is a NotFoundError.
    await expect(
      client.deleteApplication('payments-dev', { project: 'default' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(
      argocd.callsTo('ApplicationService_Delete').map(c => c.status),
    ).toEqual([200, 404, 404]);
  });

  it('treats a 404 that is not Argo CD speaking as a wrong URL', async () => {
    const other = http.createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    const port = await listen(other);
    try {
      const misdirected = new ArgoCdClient({
        instance: instance(`http://127.0.0.1:${port}`),
      });
      // Nor is it an app already gone, for a delete that accepts one.
      await expect(
        misdirected.deleteApplication('a', {
          project: 'default',
          missingOk: true,
        }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        misdirected.getApplication('a', { project: 'default' }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining(
          "Check argocd.instances[].url (it should be the API server's base URL)",
        ),
      });
    } finally {
      other.close();
    }
  });

  it('honours Retry-After on 429, bounded by maxBackoffMs', async () => {
    let calls = 0;
    const limited = http.createServer((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, {
          'retry-after': '0.3',
          'content-type': 'application/json',
        });
        res.end('{"code":8,"message":"slow down"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[]}');
    });
    const port = await listen(limited);
    try {
      const c = new ArgoCdClient({
        instance: instance(`http://127.0.0.1:${port}`),
        backoffMs: 1,
      });
      const started = Date.now();
      await c.listApplications({});
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(calls).toBe(2);
    } finally {
      limited.close();
    }
  });

  describe('TLS', () => {
    const pems = generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    let proxy: https.Server;
    let url: string;

    beforeEach(async () => {
      // An HTTPS front for the stand-in, as an ingress with a private CA would be.
      proxy = https.createServer(
        { key: pems.private, cert: pems.cert },
        (req, res) => {
          const upstream = http.request(
            `${argocd.url}${req.url}`,
            { method: req.method, headers: req.headers },
            up => {
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
            },
          );
          req.pipe(upstream);
        },
      );
      url = `https://127.0.0.1:${await listen(proxy)}`;
    });
    afterEach(() => proxy.close());

    it('verifies certificates by default and trusts a configured caData', async () => {
      const strict = new ArgoCdClient({
        instance: instance(url),
        maxRetries: 0,
      });
      await expect(strict.listApplications({})).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/SELF_SIGNED|self.signed|certificate/i),
      });
      const trusting = new ArgoCdClient({
        instance: instance(url, { caData: pems.cert }),
      });
      await expect(trusting.listApplications({})).resolves.toEqual([]);
      argocd.assertNoViolations();
    });
  });
});

describe('readArgoCdInstances', () => {
  it('reads instances, picks the default and names the configured ones on a miss', () => {
    const instances = readArgoCdInstances(
      new ConfigReader({
        argocd: {
          defaultInstance: 'prod',
          instances: [
            { name: 'dev', url: 'https://argocd.dev.example.com/', token: 't' },
            {
              name: 'prod',
              url: 'https://argocd.example.com',
              username: 'u',
              password: 'p',
              uiUrl: 'https://ui.example.com',
            },
          ],
        },
      }),
    );
    expect(instances.get().name).toBe('prod');
    expect(instances.get('dev').url).toBe('https://argocd.dev.example.com');
    expect(instances.get('prod')).toMatchObject({
      uiUrl: 'https://ui.example.com',
      requestTimeoutMs: 30_000,
    });
    expect(() => instances.get('staging')).toThrow(
      'No Argo CD instance named "staging" is configured (configured: dev, prod)',
    );
  });

  it('refuses instances without credentials, with bad URLs or duplicate names', () => {
    const read = (instances: JsonObject[], defaultInstance?: string) => () =>
      readArgoCdInstances(
        new ConfigReader({ argocd: { instances, defaultInstance } }),
      );
    expect(read([{ name: 'a', url: 'https://a' }])).toThrow(
      'needs either token, or username and password',
    );
    expect(
      read([{ name: 'a', url: 'argocd.example.com', token: 't' }]),
    ).toThrow('must start with https://');
    expect(
      read([
        { name: 'a', url: 'https://a', token: 't' },
        { name: 'a', url: 'https://b', token: 't' },
      ]),
    ).toThrow('two instances named "a"');
    expect(read([{ name: 'a', url: 'https://a', token: 't' }], 'b')).toThrow(
      'argocd.defaultInstance is "b"',
    );
    expect(readArgoCdInstances(new ConfigReader({})).instances).toEqual([]);
  });
});
