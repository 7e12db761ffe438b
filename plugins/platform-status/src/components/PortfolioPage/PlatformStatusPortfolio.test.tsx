import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { configApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { hoursAgo, overviewRow } from '../../__testUtils__/fixtures';
import { demoConfig, statusBackend } from '../../__testUtils__/render';
import { PlatformStatusPortfolio } from './PlatformStatusPortfolio';

const SORT_KEYS: Record<string, (r: OverviewRow) => number | string> = {
  cost: r => r.estimatedMonthly ?? -1,
  budgetUse: r => r.budgetUsed ?? -1,
  compliance: r => r.complianceScore ?? 101,
  name: r => r.entityRef,
};

/** A back end that filters, sorts and pages like the real one would. */
function portfolioBackend(rows: OverviewRow[]) {
  return statusBackend(({ url }) => {
    const q = url.searchParams;
    if (url.pathname.endsWith('/rollup')) {
      const owned = rows.filter(
        r => !q.get('owner') || r.owner === q.get('owner'),
      );
      const envs = [...new Set(owned.map(r => r.environment))];
      return {
        currency: 'USD',
        environments: envs.map(environment => ({
          environment,
          entities: owned.filter(r => r.environment === environment).length,
          estimatedMonthly: null,
          actualMonthToDate: null,
          budgetMonthly: null,
          needsAttention: 0,
          degraded: 0,
          drifted: 0,
          infrastructureFailed: 0,
          withCriticalFindings: 0,
          overBudget: 0,
        })),
      };
    }
    const key = SORT_KEYS[q.get('sort') ?? 'name'];
    const sign = q.get('order') === 'desc' ? -1 : 1;
    const matching = rows
      .filter(
        r => !q.get('environment') || r.environment === q.get('environment'),
      )
      .filter(r => !q.get('owner') || r.owner === q.get('owner'))
      .sort((a, b) => {
        if (key(a) === key(b)) return 0;
        return key(a) < key(b) ? -sign : sign;
      });
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 25);
    return {
      items: matching.slice(offset, offset + limit),
      totalCount: matching.length,
      offset,
      limit,
      currency: 'USD',
    };
  });
}

const rows: OverviewRow[] = [
  overviewRow({
    entityRef: 'component:default/payments-api',
    title: 'Payments API',
    environment: 'prod',
    estimatedMonthly: 1584.5,
    budgetMonthly: 1200,
    budgetUsed: 1.32,
    complianceScore: 61,
    failed: { critical: 1, high: 0, medium: 0, low: 0 },
  }),
  overviewRow({
    entityRef: 'component:default/ledger-service',
    title: 'Ledger service',
    environment: 'prod',
    estimatedMonthly: 700,
    budgetMonthly: 900,
    budgetUsed: 0.78,
    complianceScore: 88,
    deliveryState: 'ok',
    syncStatus: 'OutOfSync',
    healthStatus: 'Healthy',
  }),
  overviewRow({
    entityRef: 'component:default/recommendations-api',
    title: 'Recommendations API',
    owner: 'group:default/growth',
    system: 'system:default/growth-engine',
    environment: 'dev',
    estimatedMonthly: 90,
    budgetMonthly: 200,
    budgetUsed: 0.45,
    complianceScore: 97,
    asOf: hoursAgo(72),
  }),
];

function render(
  backend = portfolioBackend(rows),
  initial = '/platform-status',
) {
  return renderInTestApp(<PlatformStatusPortfolio />, {
    apis: [
      [platformStatusApiRef, backend.client],
      [configApiRef, mockApis.config({ data: demoConfig })],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    initialRouteEntries: [initial],
  });
}

const entityColumn = () =>
  screen
    .getAllByTestId('platform-status-portfolio-row')
    .map(
      row => within(row).getByRole('rowheader').querySelector('a')?.textContent,
    );

const lastQuery = (backend: ReturnType<typeof portfolioBackend>) =>
  Object.fromEntries(
    backend.requests.filter(r => r.url.pathname.endsWith('/overview')).pop()!
      .url.searchParams,
  );

// Each test renders and re-renders a full MUI table several times; on a
// shared 2-core CI machine that can take longer than Jest's default 5 s.
jest.setTimeout(30_000);

describe('PlatformStatusPortfolio', () => {
  it('asks for the costliest first and shows each row in words', async () => {
    const backend = portfolioBackend(rows);
    render(backend);
    await waitFor(() =>
      expect(entityColumn()).toEqual([
        'Payments API',
        'Ledger service',
        'Recommendations API',
      ]),
    );
    expect(lastQuery(backend)).toEqual({
      sort: 'cost',
      order: 'desc',
      offset: '0',
      limit: '25',
    });
    const [payments, ledger, recommendations] = screen.getAllByTestId(
      'platform-status-portfolio-row',
    );
    expect(payments).toHaveTextContent('Not configured');
    expect(payments).toHaveTextContent('132% of $1,200');
    expect(payments).toHaveTextContent('61/1001 critical, 0 high failing');
    expect(ledger).toHaveTextContent('Healthy, OutOfSync');
    expect(recommendations).toHaveTextContent('Development');
    expect(within(recommendations).getByText('Stale')).toBeInTheDocument();
    expect(within(payments).queryByText('Stale')).toBeNull();
  });

  it('sorts on the back end by budget use and compliance, and says which way', async () => {
    const backend = portfolioBackend(rows);
    render(backend);
    await screen.findAllByTestId('platform-status-portfolio-row');

    await userEvent.click(screen.getByRole('button', { name: 'Budget use' }));
    await waitFor(() =>
      expect(lastQuery(backend)).toMatchObject({
        sort: 'budgetUse',
        order: 'desc',
      }),
    );
    expect(
      screen.getByRole('columnheader', { name: /Budget use/ }),
    ).toHaveAttribute('aria-sort', 'descending');

    await userEvent.click(screen.getByRole('button', { name: 'Compliance' }));
    await waitFor(() =>
      expect(entityColumn()).toEqual([
        'Payments API',
        'Ledger service',
        'Recommendations API',
      ]),
    );
    expect(lastQuery(backend)).toMatchObject({
      sort: 'compliance',
      order: 'asc',
    });

    await userEvent.click(screen.getByRole('button', { name: 'Compliance' }));
    await waitFor(() =>
      expect(entityColumn()).toEqual([
        'Recommendations API',
        'Ledger service',
        'Payments API',
      ]),
    );
  });

  it('filters by environment and owner, starting again at the first page', async () => {
    const backend = portfolioBackend(rows);
    render(backend, '/platform-status?page=1&limit=25');
    await screen.findByText(/1–3 of 3|1-3 of 3/);

    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Production' }));
    await waitFor(() =>
      expect(lastQuery(backend)).toMatchObject({
        environment: 'prod',
        offset: '0',
      }),
    );
    await waitFor(() => expect(entityColumn()).toHaveLength(2));

    await userEvent.click(
      screen.getAllByRole('button', {
        name: 'Show only owner group:default/payments',
      })[0],
    );
    await waitFor(() =>
      expect(lastQuery(backend)).toMatchObject({
        environment: 'prod',
        owner: 'group:default/payments',
      }),
    );

    await userEvent.clear(screen.getByRole('textbox', { name: 'Owner' }));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Owner' }),
      'group:default/nobody',
    );
    expect(
      await screen.findByText(
        'No entity matches these filters.',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
  });

  it('pages through the catalog on the back end', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      overviewRow({
        entityRef: `component:default/service-${String(i).padStart(2, '0')}`,
        environment: 'dev',
        estimatedMonthly: 1000 - i,
      }),
    );
    const backend = portfolioBackend(many);
    render(backend);
    await screen.findByText(/1–25 of 30|1-25 of 30/);
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await screen.findByText(/26–30 of 30|26-30 of 30/);
    expect(lastQuery(backend)).toMatchObject({ offset: '25', limit: '25' });
    expect(entityColumn()[0]).toBe('service-25');
  });

  it('says why when the back end fails', async () => {
    const backend = statusBackend(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'AuthenticationError',
              message: 'Missing credentials',
            },
            request: { method: 'GET', url: '/overview' },
            response: { statusCode: 401 },
          }),
          { status: 401, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    render(backend as any);
    expect(
      await screen.findByText(/Could not load the portfolio/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Missing credentials/).length).toBeGreaterThan(
      0,
    );
  });

  it('counts the waivers in force, and shows no count without the requests plugin', async () => {
    render(
      portfolioBackend([
        { ...rows[0], waiversInForce: 2 },
        { ...rows[1], waiversInForce: 0 },
        rows[2],
      ]),
    );
    expect(
      await screen.findByRole('columnheader', { name: 'Waivers' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('2 waivers in force')).toHaveTextContent('2');
    expect(screen.getByLabelText('0 waivers in force')).toHaveTextContent('0');
    const recommendations = screen
      .getAllByTestId('platform-status-portfolio-row')
      .find(r => r.textContent?.includes('Recommendations API'))!;
    expect(
      within(recommendations).queryByLabelText(/waivers? in force/),
    ).toBeNull();
  });
});
