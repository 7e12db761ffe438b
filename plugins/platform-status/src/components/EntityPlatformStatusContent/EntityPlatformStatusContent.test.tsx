import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import {
  hoursAgo,
  paymentsApi,
  paymentsApiStatus,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

const rowTexts = (table: HTMLElement, column: number) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[column]?.textContent ?? '');

// Full MUI tables rendered in a test app; CI machines are shared and slow.
jest.setTimeout(30_000);

describe('EntityPlatformStatusContent', () => {
  it('puts environments in configured order with one column per source', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const matrix = await screen.findByTestId('platform-status-matrix');
    expect(
      within(matrix)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Environment',
      'Delivery',
      'Infrastructure',
      'Cost',
      'Compliance (plan)',
      'In cluster (admission)',
    ]);
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map(h => h.textContent),
    ).toEqual([
      expect.stringMatching(/^DevelopmentdevHealthy/),
      expect.stringMatching(/^StagingstagingAt risk/),
      expect.stringMatching(/^ProductionprodFailing/),
    ]);

    const delivery = screen.getByTestId('platform-status-delivery-prod');
    expect(delivery).toHaveTextContent('Not configured');
    expect(delivery.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'not-configured',
    );
    expect(screen.getByTestId('platform-status-cost-prod')).toHaveTextContent(
      'Over budget (132%)',
    );
    expect(screen.getByTestId('platform-status-cost-prod')).toHaveTextContent(
      'Actual: not configured',
    );
    expect(
      screen.getByTestId('platform-status-compliance-prod'),
    ).toHaveTextContent('1 critical failing');
    expect(
      screen.getByTestId('platform-status-infrastructure-dev'),
    ).toHaveTextContent('Applied+3 ~1 −0 · 14 resources');
  });

  it('shows a failed source in its own cell, with the error and its time', async () => {
    const status = paymentsApiStatus();
    status.environments[0].errors = [
      {
        source: 'cost',
        message: 'Cost Explorer throttled the request',
        at: hoursAgo(1),
      },
    ];
    const { client } = statusBackend(() => status);
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const cost = await screen.findByTestId('platform-status-cost-prod');
    expect(cost).toHaveTextContent(
      'Over budget (132%)Cost Explorer throttled the request (1 hour ago)',
    );
    expect(
      screen.getByTestId('platform-status-source-errors'),
    ).toHaveTextContent(
      'Production, Cost: Cost Explorer throttled the request (1 hour ago)',
    );
    expect(
      within(screen.getByTestId('platform-status-env-prod')).getByRole(
        'rowheader',
      ),
    ).toHaveTextContent('Failing');
    expect(
      within(screen.getByTestId('platform-status-env-dev')).getByRole(
        'rowheader',
      ),
    ).toHaveTextContent('Healthy');
  });

  it('lists findings worst first, shows waivers as waived, and sorts by a column', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const compliance = await screen.findByTestId('platform-status-compliance');
    const table = within(compliance).getByRole('table');
    // Verdict column (index 4): fail before warn before waived; passes hidden.
    expect(rowTexts(table, 4).map(t => t.split(/(?=Waived by)/)[0])).toEqual([
      'Fail',
      'Fail',
      'Warn',
      'Waived',
    ]);
    expect(rowTexts(table, 2)).toEqual(['critical', 'medium', 'low', 'high']);
    expect(
      within(table).getByText(
        /Waived by group:default\/payments until 2027-03-31/,
      ),
    ).toBeInTheDocument();
    expect(
      within(table).getByText(
        'Set publicly_accessible = false and reach the database through the VPC.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(within(table).getByText('Severity'));
    expect(rowTexts(table, 2)).toEqual(['critical', 'high', 'medium', 'low']);
    await userEvent.click(within(table).getByText('Severity'));
    expect(rowTexts(table, 2)).toEqual(['low', 'medium', 'high', 'critical']);

    await userEvent.click(
      within(compliance).getByLabelText(/Show passing findings \(2\)/),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 6);
  });

  it('shows estimate, actual and budget per environment with a described trend', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const cost = await screen.findByTestId('platform-status-cost');
    const table = within(cost).getByRole('table');
    expect(rowTexts(table, 0)).toEqual([
      'Development',
      'Staging',
      'Production',
    ]);
    expect(rowTexts(table, 1)).toEqual(['$60', '$255', '$1,584.50']);
    expect(rowTexts(table, 2)).toEqual([
      'Not configured',
      'Not configured',
      'Not configured',
    ]);
    expect(rowTexts(table, 4)).toEqual(['40%', '85%', '132%']);

    await userEvent.click(within(table).getByText('Budget used'));
    await userEvent.click(within(table).getByText('Budget used'));
    expect(rowTexts(table, 0)).toEqual([
      'Production',
      'Staging',
      'Development',
    ]);

    expect(screen.getByTestId('platform-status-cost-trend')).toHaveAttribute(
      'aria-label',
      'Cost trend of Production over 3 points; estimate from $980 to $1,584.50 a month; budget $1,200 a month.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Development' }));
    expect(screen.getByTestId('platform-status-cost-trend')).toHaveAttribute(
      'aria-label',
      expect.stringContaining('Cost trend of Development over 2 points'),
    );
  });

  it('refreshes for people allowed to, and hides the button from the others', async () => {
    const backend = statusBackend(({ method }) =>
      method === 'POST'
        ? new Response(null, { status: 202 })
        : paymentsApiStatus(),
    );
    const { unmount } = renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client: backend.client,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    await waitFor(() =>
      expect(backend.requests.map(r => r.method)).toEqual([
        'GET',
        'POST',
        'GET',
      ]),
    );
    expect(backend.requests[1].url.pathname).toBe(
      '/api/platform-status/entities/component/default/payments-api/refresh',
    );
    unmount();

    // usePermission caches per resource, so ask about another entity.
    const denied = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: {
        ...paymentsApi,
        metadata: { ...paymentsApi.metadata, name: 'ledger-service' },
      },
      client: denied.client,
      refreshAllowed: false,
    });
    await screen.findByTestId('platform-status-matrix');
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
  });
});
