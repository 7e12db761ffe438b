import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntitySwitch } from '@backstage/plugin-catalog';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityPlatformStatusCard,
  EntityPlatformStatusContent,
  isPlatformStatusAvailable,
  PlatformStatusPage,
  platformStatusApiRef,
  platformStatusPlugin,
} from './index';
import {
  paymentsApi,
  paymentsApiStatus,
  unannotated,
} from './__testUtils__/fixtures';
import { demoConfig, statusBackend } from './__testUtils__/render';

jest.setTimeout(30_000);

/**
 * How a legacy app's EntityPage puts the card and the tab behind
 * EntitySwitch; the tab is routable, so it sits under a route with a path
 * (EntityLayout.Route in a real app).
 */
const legacyEntityPage = (
  <Routes>
    <Route
      path="/*"
      element={
        <EntitySwitch>
          <EntitySwitch.Case if={isPlatformStatusAvailable}>
            <EntityPlatformStatusCard />
            <EntityPlatformStatusContent />
          </EntitySwitch.Case>
          <EntitySwitch.Case>
            <p>No platform status here</p>
          </EntitySwitch.Case>
        </EntitySwitch>
      }
    />
  </Routes>
);

describe('legacy frontend system exports', () => {
  const apis = (client: unknown) =>
    [
      [platformStatusApiRef, client],
      [configApiRef, mockApis.config({ data: demoConfig })],
      [permissionApiRef, mockApis.permission()],
    ] as const;

  it('registers an API factory on discovery and fetch', () => {
    const [factory] = [...platformStatusPlugin.getApis()];
    expect(factory.api.id).toBe('plugin.platform-status.service');
    expect(
      Object.values(factory.deps)
        .map(ref => ref.id)
        .sort(),
    ).toEqual(['core.discovery', 'core.fetch']);
  });

  it('renders card and tab behind EntitySwitch, sharing one request', async () => {
    const backend = statusBackend(() => paymentsApiStatus());
    await renderInTestApp(
      <TestApiProvider apis={apis(backend.client) as any}>
        <EntityProvider entity={paymentsApi}>{legacyEntityPage}</EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('platform-status-card-env-prod'),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('platform-status-matrix'),
    ).toBeInTheDocument();
    expect(backend.requests).toHaveLength(1);
  });

  it('keeps entities without environments out of the switch', async () => {
    const backend = statusBackend(() => paymentsApiStatus());
    await renderInTestApp(
      <TestApiProvider apis={apis(backend.client) as any}>
        <EntityProvider entity={unannotated}>{legacyEntityPage}</EntityProvider>
      </TestApiProvider>,
    );
    expect(screen.getByText('No platform status here')).toBeInTheDocument();
    expect(screen.queryByTestId('platform-status-card')).toBeNull();
    expect(backend.requests).toHaveLength(0);
  });

  it('mounts the portfolio page with its own header', async () => {
    const backend = statusBackend(({ url }) =>
      url.pathname.endsWith('/rollup')
        ? { currency: 'USD', environments: [] }
        : { items: [], totalCount: 0, offset: 0, limit: 25, currency: 'USD' },
    );
    await renderInTestApp(
      <TestApiProvider apis={apis(backend.client) as any}>
        <Routes>
          <Route path="/platform-status" element={<PlatformStatusPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/platform-status'],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Platform status' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/No entity has reported platform status yet/),
    ).toBeInTheDocument();
    expect(backend.requests.map(r => r.url.pathname).sort()).toEqual([
      '/api/platform-status/overview',
      '/api/platform-status/rollup',
    ]);
  });
});
