import { screen, waitFor } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { configApiRef } from '@backstage/core-plugin-api';
import platformStatusPlugin from '../alpha';
import {
  platformStatusApi,
  platformStatusEntityCard,
  platformStatusEntityContent,
  platformStatusPage,
} from './extensions';
import { platformStatusApiRef } from '../api/PlatformStatusApi';
import { PlatformStatusClient } from '../api/PlatformStatusClient';
import {
  paymentsApi,
  paymentsApiStatus,
  unannotated,
} from '../__testUtils__/fixtures';
import { demoConfig, statusBackend } from '../__testUtils__/render';

jest.setTimeout(30_000);

/** The whole plugin's back end, behind the app's own fetch and discovery APIs. */
function appBackend() {
  const backend = statusBackend(({ url }) => {
    if (url.pathname.endsWith('/overview')) {
      return {
        items: [],
        totalCount: 0,
        offset: 0,
        limit: 25,
        currency: 'USD',
      };
    }
    if (url.pathname.endsWith('/rollup')) {
      return { currency: 'USD', environments: [] };
    }
    return paymentsApiStatus();
  });
  const apis = [
    [fetchApiRef, { fetch: backend.fetch }],
    [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backstage:7007' })],
    [configApiRef, mockApis.config({ data: demoConfig })],
    mockApis.permission(),
  ] as const;
  return { ...backend, apis };
}

describe('new frontend system extensions', () => {
  it('declares the plugin with its extension ids', () => {
    expect(platformStatusPlugin.id).toBe('platform-status');
    for (const id of [
      'api:platform-status',
      'entity-card:platform-status/summary',
      'entity-content:platform-status/environments',
      'page:platform-status',
    ] as const) {
      expect(platformStatusPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('makes an info card shown only on entities with environments', async () => {
    const tester = createExtensionTester(platformStatusEntityCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentsApi)).toBe(true);
    expect(filter(unannotated)).toBe(false);

    const { client } = statusBackend(() => paymentsApiStatus());
    renderInTestApp(
      <EntityProvider entity={paymentsApi}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [platformStatusApiRef, client],
          [configApiRef, mockApis.config({ data: demoConfig })],
        ],
      },
    );
    expect(
      await screen.findByTestId('platform-status-card-env-prod'),
    ).toBeInTheDocument();
  });

  it('makes a Platform status tab in the deployment group', () => {
    const tester = createExtensionTester(platformStatusEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('platform-status');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Platform status',
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'deployment',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentsApi)).toBe(true);
    expect(filter(unannotated)).toBe(false);
  });

  it('lets app-config move the tab and retitle the page', () => {
    const content = createExtensionTester(platformStatusEntityContent, {
      config: { path: 'environments', group: 'operation' },
    });
    expect(content.get(coreExtensionData.routePath)).toBe('environments');
    expect(content.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'operation',
    );
    const page = createExtensionTester(platformStatusPage, {
      config: { title: 'Portfolio' },
    });
    expect(page.get(coreExtensionData.title)).toBe('Portfolio');
  });

  it('makes a titled page with an icon, so it appears in the navigation', async () => {
    const tester = createExtensionTester(platformStatusPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/platform-status');
    expect(tester.get(coreExtensionData.title)).toBe('Platform status');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('builds the client from the app discovery and fetch APIs', async () => {
    const factory = createExtensionTester(platformStatusApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(platformStatusApiRef.id);
    const backend = appBackend();
    const client = factory.factory({
      discoveryApi: backend.apis[1][1],
      fetchApi: backend.apis[0][1],
    }) as PlatformStatusClient;
    await client.getEntityStatus({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    expect(backend.requests[0].url.href).toBe(
      'http://backstage:7007/api/platform-status/entities/component/default/payments-api',
    );
  });

  it('renders the card and the tab on one entity page with ONE request to the status API', async () => {
    const backend = appBackend();
    renderTestApp({
      features: [platformStatusPlugin],
      extensions: [createTestEntityPage({ entity: paymentsApi })],
      apis: backend.apis,
      config: demoConfig,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByTestId('platform-status-card-env-prod'),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('platform-status-matrix'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByTestId('platform-status-compliance'),
      ).toBeInTheDocument(),
    );
    expect(backend.requests.map(r => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/platform-status/entities/component/default/payments-api',
    ]);
  });

  it('leaves entities without environments alone, asking nothing', async () => {
    const backend = appBackend();
    renderTestApp({
      features: [platformStatusPlugin],
      extensions: [createTestEntityPage({ entity: unannotated })],
      apis: backend.apis,
      config: demoConfig,
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(backend.requests).toHaveLength(0);
  });
});
