import { mockApis } from '@backstage/frontend-test-utils';
import { RequestsClient } from '../api/RequestsClient';

export interface Call {
  method: string;
  path: string;
  search: string;
  body?: any;
}

/**
 * The requests backend as a fake fetch: `routes` answers `METHOD /path`
 * (after `/api/requests`) with a body, or a status and body; anything else
 * is a 404 as the real router gives. Every call is recorded.
 */
export function fakeBackend(
  routes: Record<
    string,
    (call: Call) => unknown | { status: number; body: unknown }
  >,
) {
  const calls: Call[] = [];
  const fetch = jest.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname.replace(/^\/api\/requests/, '');
    const call = { method, path, search: url.search, body };
    calls.push(call);
    const handler = routes[`${method} ${path}`];
    const result = handler ? handler(call) : { status: 404, body: {} };
    const { status, body: payload } =
      result && typeof result === 'object' && 'status' in result
        ? (result as { status: number; body: unknown })
        : { status: 200, body: result };
    return new Response(JSON.stringify(payload), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const client = new RequestsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, calls };
}

/** An error body as the Backstage error handler writes it. */
export function errorBody(status: number, name: string, message: string) {
  return {
    status,
    body: {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
  };
}
