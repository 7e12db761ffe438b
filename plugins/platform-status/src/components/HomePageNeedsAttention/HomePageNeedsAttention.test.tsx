import { screen, within } from '@testing-library/react';
import { configApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { hoursAgo, overviewRow } from '../../__testUtils__/fixtures';
import { demoConfig, statusBackend } from '../../__testUtils__/render';
import { HomePageNeedsAttention } from './HomePageNeedsAttention';

const PAYMENTS = 'group:default/payments';
const GROWTH = 'group:default/growth';

/** A back end that filters by owner (comma-separated) as the real one does. */
function overviewBackend(rows: OverviewRow[]) {
  return statusBackend(({ url }) => {
    const owners = url.searchParams.get('owner')?.split(',') ?? [];
    const items = rows.filter(r => !owners.length || owners.includes(r.owner!));
    return {
      items,
      totalCount: items.length,
      offset: 0,
      limit: Number(url.searchParams.get('limit')),
      currency: 'USD',
    };
  });
}

const rows: OverviewRow[] = [
  // Healthy everywhere.
  overviewRow({
    entityRef: 'component:default/catalog-api',
    title: 'Catalog API',
    environment: 'dev',
  }),
  overviewRow({
    entityRef: 'component:default/catalog-api',
    title: 'Catalog API',
    environment: 'prod',
  }),
  // Near budget in staging only: at risk.
  overviewRow({
    entityRef: 'component:default/ledger-service',
    title: 'Ledger service',
    environment: 'staging',
    budgetUsed: 0.9,
  }),
  // Over budget and a critical finding in prod; dev is fine.
  overviewRow({
    entityRef: 'component:default/payments-api',
    title: 'Payments API',
    environment: 'dev',
  }),
  overviewRow({
    entityRef: 'component:default/payments-api',
    title: 'Payments API',
    environment: 'prod',
    budgetUsed: 1.32,
    failed: { critical: 1, high: 0, medium: 0, low: 0 },
  }),
  // Degraded in Argo CD.
  overviewRow({
    entityRef: 'component:default/checkout-web',
    title: 'Checkout web',
    environment: 'staging',
    deliveryState: 'ok',
    healthStatus: 'Degraded',
    syncStatus: 'Synced',
  }),
  // Someone else's: must not show.
  overviewRow({
    entityRef: 'component:default/recommendations-api',
    title: 'Recommendations API',
    owner: GROWTH,
    environment: 'prod',
    infrastructureResult: 'failed',
    asOf: hoursAgo(1),
  }),
];

function render(options: {
  backend: ReturnType<typeof statusBackend>;
  owns?: string[];
}) {
  return renderInTestApp(<HomePageNeedsAttention />, {
    apis: [
      [platformStatusApiRef, options.backend.client],
      [configApiRef, mockApis.config({ data: demoConfig })],
      mockApis.identity({
        userEntityRef: 'user:default/ada',
        ownershipEntityRefs: options.owns ?? ['user:default/ada', PAYMENTS],
      }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const entityNames = () =>
  screen
    .getAllByTestId('home-needs-attention-entity')
    .map(item => within(item).getAllByRole('link')[0].textContent);

describe('HomePageNeedsAttention', () => {
  it('asks for what the person and their groups own, and lists failing entities first', async () => {
    const backend = overviewBackend(rows);
    render({ backend });
    await screen.findByTestId('home-needs-attention');

    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0].url.pathname).toBe(
      '/api/platform-status/overview',
    );
    expect(backend.requests[0].url.searchParams.get('owner')).toBe(
      `user:default/ada,${PAYMENTS}`,
    );
    // Failing (degraded, over budget + critical) before at risk before healthy;
    // by title within a level; growth's entity is not there.
    expect(entityNames()).toEqual([
      'Checkout web',
      'Payments API',
      'Ledger service',
      'Catalog API',
    ]);
    expect(
      screen.getByText('3 environments need attention.'),
    ).toBeInTheDocument();
  });

  it('puts the failing environment first and says why, linking to the Platform status tab', async () => {
    render({ backend: overviewBackend(rows) });
    await screen.findByTestId('home-needs-attention');

    const payments = screen.getAllByTestId('home-needs-attention-entity')[1];
    expect(within(payments).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/platform-status',
    );
    const envs = within(payments)
      .getAllByTestId(/^home-needs-attention-env-/)
      .map(e => e.textContent);
    expect(envs).toEqual([
      'Production: Over budget (132%)',
      'Development: Healthy',
    ]);
    expect(
      screen.getByTestId('home-needs-attention-env-payments-api-prod'),
    ).toHaveAttribute(
      'title',
      'Over budget (132%); 1 critical findings failing',
    );
    expect(
      screen.getByTestId('home-needs-attention-env-checkout-web-staging')
        .textContent,
    ).toBe('Staging: Argo CD reports Degraded');
    expect(
      screen.getByTestId('home-needs-attention-env-ledger-service-staging')
        .textContent,
    ).toBe('Staging: Near budget (90%)');
  });

  it('says what to do when nothing the person owns reports status', async () => {
    render({ backend: overviewBackend(rows), owns: ['user:default/newcomer'] });
    expect(
      await screen.findByText('Nothing of yours reports platform status yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/groundwork\.dev\/environments annotation/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toHaveAttribute('href', '/create');
  });

  it('says so, without crashing, when the platform-status back end is down', async () => {
    const backend = statusBackend(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ServiceUnavailable', message: 'upstream down' },
          }),
          { status: 503, statusText: 'Service Unavailable' },
        ),
    );
    render({ backend });
    expect(
      await screen.findByText(/Could not load your environments/),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('home-needs-attention'),
    ).not.toBeInTheDocument();
  });

  it('links to the whole list when the person owns more than one page', async () => {
    const many = statusBackend(({ url }) => ({
      items: [rows[0]],
      totalCount: 450,
      offset: 0,
      limit: Number(url.searchParams.get('limit')),
      currency: 'USD',
    }));
    render({ backend: many });
    await screen.findByTestId('home-needs-attention');
    expect(many.requests[0].url.searchParams.get('limit')).toBe('200');
    expect(screen.getByText(/Showing the first 1 of 450/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'see all in Platform status' }),
    ).toHaveAttribute(
      'href',
      `/platform-status?owner=${encodeURIComponent(
        `user:default/ada,${PAYMENTS}`,
      )}&sort=budgetUse`,
    );
  });
});
