import fs from 'node:fs';
import { Contract } from './Contract';
import { ContractServer } from './ContractServer';
import { contractPath } from '../vendored';

const argo = new Contract(
  'Argo CD',
  JSON.parse(fs.readFileSync(contractPath('argocd/swagger.json'), 'utf8')),
);
const github = new Contract(
  'GitHub',
  require('@octokit/openapi/generated/api.github.com.json'),
);

describe('Contract', () => {
  it('matches Argo CD paths whose parameter spans a dotted name', () => {
    const m = argo.match('PUT', '/api/v1/applications/payments-dev');
    expect(m?.operation.operationId).toBe('ApplicationService_Update');
    expect(m?.pathParams).toEqual({
      'application.metadata.name': 'payments-dev',
    });
    expect(
      argo.match('GET', '/api/v1/applications')?.operation.operationId,
    ).toBe('ApplicationService_List');
    expect(argo.match('PATCH', '/api/v1/nothing-here')).toBeUndefined();
  });

  it('refuses unknown query parameters and bodies that break the schema', () => {
    const list = argo.match('GET', '/api/v1/applications')!;
    expect(
      argo.checkRequest(list, {
        method: 'GET',
        pathname: '/api/v1/applications',
        query: new URLSearchParams('selector=a%3Db'),
      }),
    ).toEqual([]);
    expect(
      argo.checkRequest(list, {
        method: 'GET',
        pathname: '/api/v1/applications',
        query: new URLSearchParams('labelSelector=a'),
      }),
    ).toEqual([expect.stringContaining('"labelSelector" is not defined')]);

    const create = argo.match('POST', '/api/v1/applications')!;
    const ok = {
      metadata: { name: 'a' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc' },
      },
    };
    expect(
      argo.checkRequest(create, {
        method: 'POST',
        pathname: '/api/v1/applications',
        query: new URLSearchParams('upsert=true'),
        body: ok,
      }),
    ).toEqual([]);
    const bad = { metadata: { name: 'a', labels: { x: 3 } }, spec: {} };
    expect(
      argo
        .checkRequest(create, {
          method: 'POST',
          pathname: '/api/v1/applications',
          query: new URLSearchParams('upsert=maybe'),
          body: bad,
        })
        .join('\n'),
    ).toMatch(
      /query.upsert must be boolean[\s\S]*body\/metadata\/labels\/x must be string/,
    );
  });

  it("lets GitHub's x-multi-segment parameters span segments, and only those", () => {
    const m = github.match(
      'GET',
      '/repos/acme/access/contents/catalog/users/Ada-L.yaml',
    );
    expect(m?.operation.operationId).toBe('repos/get-content');
    expect(m?.pathParams).toEqual({
      owner: 'acme',
      repo: 'access',
      path: 'catalog/users/Ada-L.yaml',
    });
    expect(
      github.match('GET', '/repos/acme/access/extra/pulls'),
    ).toBeUndefined();
  });

  it('checks GitHub requests against the OpenAPI 3 description', () => {
    const m = github.match(
      'PUT',
      '/orgs/acme/teams/platform/memberships/octocat',
    )!;
    expect(m.operation.operationId).toBe(
      'teams/add-or-update-membership-for-user-in-org',
    );
    expect(
      github.checkRequest(m, {
        method: 'PUT',
        pathname: '',
        query: new URLSearchParams(),
        body: { role: 'member' },
      }),
    ).toEqual([]);
    expect(
      github.checkRequest(m, {
        method: 'PUT',
        pathname: '',
        query: new URLSearchParams(),
        body: { role: 'owner' },
      }),
    ).toEqual([
      expect.stringContaining(
        'body/role must be equal to one of the allowed values',
      ),
    ]);
  });
});

describe('ContractServer', () => {
  const server = new ContractServer({
    contract: argo,
    handlers: {
      ApplicationService_List: () => ({ status: 200, body: { items: [] } }),
    },
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('answers, records and flags what is outside the contract', async () => {
    const ok = await fetch(`${server.url}/api/v1/applications?selector=x`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ items: [] });
    expect(server.callsTo('ApplicationService_List')).toHaveLength(1);
    expect(server.violations).toEqual([]);

    expect((await fetch(`${server.url}/api/v2/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/projects`)).status).toBe(501);
    expect(server.violations).toEqual([
      'GET /api/v2/nope is not an operation of the Argo CD API',
      'ProjectService_List is in the contract but not implemented by this stand-in',
    ]);
    expect(() => server.assertNoViolations()).toThrow(/contract violations/);
  });

  it('plays scripted faults', async () => {
    server.inject({
      operationId: 'ApplicationService_List',
      status: 429,
      times: 2,
    });
    expect((await fetch(`${server.url}/api/v1/applications`)).status).toBe(429);
    expect((await fetch(`${server.url}/api/v1/applications`)).status).toBe(429);
    expect((await fetch(`${server.url}/api/v1/applications`)).status).toBe(200);
  });
});

describe('ContractServer beside web endpoints', () => {
  const server = new ContractServer({
    contract: github,
    handlers: {
      'orgs/update': request => ({ status: 200, body: request.body }),
    },
    outsideContract: {
      'POST /login/oauth/access_token': request => ({
        status: 200,
        body: request.body,
      }),
    },
    basePaths: ['/api/v3'],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('takes form posts on web endpoints only, never as an API body', async () => {
    const form = new URLSearchParams({ client_id: 'a', code: 'b' });
    const web = await fetch(`${server.url}/login/oauth/access_token`, {
      method: 'POST',
      body: form,
    });
    expect(await web.json()).toEqual({ client_id: 'a', code: 'b' });
    const api = await fetch(`${server.url}/orgs/acme`, {
      method: 'PATCH',
      body: new URLSearchParams({ name: 'x' }),
    });
    expect(api.status).toBe(400);
    expect(server.violations).toEqual([
      'orgs/update: request body is not JSON',
    ]);
    server.violations.length = 0;
  });

  it('serves the API under a base path too, checked the same way', async () => {
    const res = await fetch(`${server.url}/api/v3/orgs/acme`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Acme' }),
    });
    expect(res.status).toBe(200);
    expect(server.callsTo('orgs/update').at(-1)?.path).toBe(
      '/api/v3/orgs/acme',
    );
    // `{ name }` is no organization-full: the response is held to the contract there too.
    expect(server.violations).toContain(
      "orgs/update: response 200 must have required property 'login'",
    );
    await fetch(`${server.url}/api/v3/orgs/acme?bogus=1`, {
      method: 'PATCH',
      body: '{}',
    });
    expect(server.violations).toContain(
      'orgs/update: query parameter "bogus" is not defined for orgs/update',
    );
    // Only the API is mounted there: a web endpoint is not.
    expect(
      (
        await fetch(`${server.url}/api/v3/login/oauth/access_token`, {
          method: 'POST',
          body: '{}',
        })
      ).status,
    ).toBe(404);
  });
});
