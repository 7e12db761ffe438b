import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import type { RollupResponse } from '@groundwork/plugin-platform-status-common';
import { rootRouteRef } from '../../alpha/routes';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';
import { EntityRollupCard } from './EntityRollupCard';

jest.setTimeout(30_000);

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const paymentsPlatform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments-platform', namespace: 'default' },
  spec: { owner: 'payments' },
};

const rollup: RollupResponse = {
  currency: 'USD',
  environments: [
    {
      environment: 'dev',
      entities: 4,
      estimatedMonthly: 250,
      actualMonthToDate: null,
      budgetMonthly: 500,
      needsAttention: 0,
      degraded: 0,
      drifted: 0,
      infrastructureFailed: 0,
      withCriticalFindings: 0,
      overBudget: 0,
    },
    {
      environment: 'prod',
      entities: 4,
      estimatedMonthly: 6600,
      actualMonthToDate: 1200,
      budgetMonthly: 5000,
      needsAttention: 3,
      degraded: 1,
      drifted: 1,
      infrastructureFailed: 0,
      withCriticalFindings: 1,
      overBudget: 1,
    },
  ],
};

const mountedRoutes = { '/platform-status': rootRouteRef };

describe('EntityRollupCard', () => {
  it("rolls up a group's environments and links each to its portfolio", async () => {
    const { client, requests } = statusBackend(() => rollup);
    await renderOnEntityPage(<EntityRollupCard />, {
      entity: payments,
      client,
      mountedRoutes,
    });
    const prod = await screen.findByTestId('platform-status-rollup-prod');
    expect(prod).toHaveTextContent('Production');
    expect(prod).toHaveTextContent(
      '3: 1 degraded, 1 drifted, 1 with critical findings, 1 over budget',
    );
    expect(prod).toHaveTextContent(
      '$6,600 a month (132% of $5,000), $1,200 so far this month',
    );
    expect(within(prod).getByRole('link')).toHaveAttribute(
      'href',
      '/platform-status?owner=group%3Adefault%2Fpayments&environment=prod',
    );
    expect(screen.getByTestId('platform-status-rollup-dev')).toHaveTextContent(
      'None',
    );
    expect(requests.map(r => r.url.pathname + r.url.search)).toEqual([
      '/api/platform-status/rollup?owner=group%3Adefault%2Fpayments',
    ]);
  });

  it("asks for a system's entities by system", async () => {
    const { client, requests } = statusBackend(() => ({
      currency: 'USD',
      environments: [],
    }));
    await renderOnEntityPage(<EntityRollupCard />, {
      entity: paymentsPlatform,
      client,
      mountedRoutes,
    });
    expect(
      await screen.findByTestId('platform-status-rollup-empty'),
    ).toHaveTextContent('No entity in this system reports platform status');
    expect(requests[0].url.searchParams.get('system')).toBe(
      'system:default/payments-platform',
    );
  });

  it('says what went wrong when the back end refuses', async () => {
    const { client } = statusBackend(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'You may not read' },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    await renderOnEntityPage(<EntityRollupCard />, {
      entity: payments,
      client,
      mountedRoutes,
    });
    expect(await screen.findByText(/You may not read/)).toBeInTheDocument();
  });
});
