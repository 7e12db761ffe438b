import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { configApiRef, type ApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { platformStatusApiRef } from '../api/PlatformStatusApi';
import { PlatformStatusClient } from '../api/PlatformStatusClient';

/** The demo's environments, as app-config.yaml declares them. */
export const demoConfig: JsonObject = {
  groundwork: {
    currency: 'USD',
    environments: [
      { name: 'dev', title: 'Development', monthlyBudget: 500 },
      { name: 'staging', title: 'Staging', monthlyBudget: 1000 },
      {
        name: 'prod',
        title: 'Production',
        production: true,
        monthlyBudget: 5000,
      },
    ],
  },
};

/**
 * A fetch that answers the platform-status routes from a handler and
 * records every request, so tests can count them.
 */
export function statusBackend(
  handler: (request: { method: string; url: URL }) => unknown | Response,
) {
  const requests: Array<{ method: string; url: URL }> = [];
  const fetchMock = jest.fn(async (input: string, init?: RequestInit) => {
    const request = { method: init?.method ?? 'GET', url: new URL(input) };
    requests.push(request);
    const result = await handler(request);
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const fetch = fetchMock as unknown as typeof globalThis.fetch;
  const client = new PlatformStatusClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch },
  });
  return { client, requests, fetch };
}

/** Renders an entity-page component with the real client on a fake back end. */
export function renderOnEntityPage(
  element: ReactElement,
  options: {
    entity: Entity;
    client: PlatformStatusClient;
    config?: JsonObject;
    /** Whether the permission framework allows refreshing; allowed by default. */
    refreshAllowed?: boolean;
    /** More APIs, e.g. the requests plugin's, as an app that installs it has. */
    apis?: ReadonlyArray<readonly [ApiRef<any>, unknown]>;
    mountedRoutes?: Parameters<typeof renderInTestApp>[1] extends infer O
      ? O extends { mountedRoutes?: infer R }
        ? R
        : never
      : never;
  },
) {
  const config = mockApis.config({ data: options.config ?? demoConfig });
  const permission = mockApis.permission({
    authorize:
      options.refreshAllowed === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [platformStatusApiRef, options.client],
        [configApiRef, config],
        permission,
        ...(options.apis ?? []),
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      config: options.config ?? demoConfig,
      mountedRoutes: options.mountedRoutes,
    },
  );
}
