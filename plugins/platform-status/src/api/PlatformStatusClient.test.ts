import { mockApis } from '@backstage/frontend-test-utils';
import { PlatformStatusClient } from './PlatformStatusClient';
import { paymentsApiStatus } from '../__testUtils__/fixtures';

const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) =>
    respond(url, init),
  );
  let now = 1_000;
  const client = new PlatformStatusClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as any },
    now: () => now,
  });
  return { client, fetch, advance: (ms: number) => (now += ms) };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('PlatformStatusClient', () => {
  it('asks for one entity by kind, namespace and name, and shares the answer', async () => {
    const { client, fetch, advance } = setup(() => json(paymentsApiStatus()));
    const [a, b] = await Promise.all([
      client.getEntityStatus(ref),
      client.getEntityStatus(ref),
    ]);
    expect(a).toEqual(b);
    await client.getEntityStatus(ref);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage:7007/api/platform-status/entities/component/default/payments-api',
    );

    advance(31_000);
    await client.getEntityStatus(ref);
    expect(fetch).toHaveBeenCalledTimes(2);
    await client.getEntityStatus(ref, { fresh: true });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('turns error responses into ResponseErrors and does not keep them', async () => {
    let status = 404;
    const { client, fetch } = setup(() =>
      status === 404
        ? json(
            {
              error: {
                name: 'NotFoundError',
                message: 'No entity component:default/payments-api',
              },
              request: { method: 'GET', url: '/entities' },
              response: { statusCode: 404 },
            },
            404,
          )
        : json(paymentsApiStatus()),
    );
    await expect(client.getEntityStatus(ref)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { name: 'NotFoundError' },
    });
    status = 200;
    await expect(client.getEntityStatus(ref)).resolves.toMatchObject({
      entityRef: 'component:default/payments-api',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('builds the overview query from the filters set, leaving out empty ones', async () => {
    const { client, fetch } = setup(() =>
      json({ items: [], totalCount: 0, offset: 0, limit: 25, currency: 'USD' }),
    );
    await client.getOverview({
      offset: 50,
      limit: 25,
      owner: 'group:default/payments',
      kind: '',
      environment: 'prod',
      sort: 'budgetUse',
      order: 'desc',
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/platform-status/overview');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      offset: '50',
      limit: '25',
      owner: 'group:default/payments',
      environment: 'prod',
      sort: 'budgetUse',
      order: 'desc',
    });
  });

  it('posts a refresh and asks again afterwards', async () => {
    const { client, fetch } = setup((_url, init) =>
      init?.method === 'POST'
        ? new Response(null, { status: 202 })
        : json(paymentsApiStatus()),
    );
    await client.getEntityStatus(ref);
    await client.refreshEntityStatus(ref);
    await client.getEntityStatus(ref);
    expect(
      fetch.mock.calls.map(([url, init]) => [init?.method ?? 'GET', url]),
    ).toEqual([
      [
        'GET',
        'http://backstage:7007/api/platform-status/entities/component/default/payments-api',
      ],
      [
        'POST',
        'http://backstage:7007/api/platform-status/entities/component/default/payments-api/refresh',
      ],
      [
        'GET',
        'http://backstage:7007/api/platform-status/entities/component/default/payments-api',
      ],
    ]);
  });
});
