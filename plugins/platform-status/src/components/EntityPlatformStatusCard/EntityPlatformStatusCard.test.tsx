import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { EntityPlatformStatusCard } from './EntityPlatformStatusCard';
import {
  environment,
  hoursAgo,
  paymentsApi,
  paymentsApiStatus,
  unannotated,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';
import { PLATFORM_STATUS_ANNOTATIONS } from '@groundwork/plugin-platform-status-common';

// Full MUI tables rendered in a test app; CI machines are shared and slow.
jest.setTimeout(30_000);

describe('EntityPlatformStatusCard', () => {
  it('leads with the worst environment and lists each one in configured order', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: paymentsApi,
      client,
    });

    const worst = await screen.findByTestId(
      'platform-status-worst-environment',
    );
    expect(worst).toHaveTextContent('Needs attention first: Production');
    expect(worst).toHaveTextContent('Failing');
    expect(worst).toHaveTextContent('Over budget: 132% of the monthly budget');

    const rows = screen
      .getAllByTestId(/^platform-status-card-env-/)
      .map(row => row.getAttribute('data-testid'));
    expect(rows).toEqual([
      'platform-status-card-env-dev',
      'platform-status-card-env-staging',
      'platform-status-card-env-prod',
    ]);

    const prod = screen.getByTestId('platform-status-card-env-prod');
    expect(within(prod).getByText('Failing')).toBeInTheDocument();
    expect(screen.getByTestId('platform-status-budget-prod')).toHaveTextContent(
      '132% of $1,200 budgetEstimate $1,584.50/month',
    );
    expect(prod).toHaveTextContent('Failing: 1 critical, 0 high');
    expect(
      screen.getByTestId('platform-status-critical-prod'),
    ).toHaveTextContent('1');
    expect(
      screen.getByTestId('platform-status-budget-staging'),
    ).toHaveTextContent('85% of $300');
    expect(
      screen.getByTestId('platform-status-failing-findings'),
    ).toHaveTextContent('Failing findings: 1 critical, 0 high');
  });

  it('shows delivery as not configured, never as passing', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: paymentsApi,
      client,
    });
    const note = await screen.findByTestId('platform-status-not-configured');
    expect(note).toHaveTextContent('Delivery: not configured');
    expect(
      note.querySelector('[data-status="not-configured"]'),
    ).toBeInTheDocument();
    const dev = screen.getByTestId('platform-status-card-env-dev');
    expect(within(dev).getByText('Healthy')).toBeInTheDocument();
  });

  it('lists every annotation and links to the README on an entity without environments, asking nothing', async () => {
    const { client, requests } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: unannotated,
      client,
    });
    expect(
      await screen.findByTestId('platform-status-empty'),
    ).toBeInTheDocument();
    for (const annotation of PLATFORM_STATUS_ANNOTATIONS) {
      expect(
        screen.getAllByText(annotation, { selector: 'code' }).length,
      ).toBeGreaterThan(0);
    }
    expect(
      screen.getByRole('link', { name: /read how to enable platform status/i }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('plugins/platform-status/README.md#annotations'),
    );
    expect(requests).toHaveLength(0);
  });

  it('shows failed sources with their time and marks stale environments', async () => {
    const status = paymentsApiStatus();
    status.environments = [
      environment('dev', 0, {
        infrastructure: {
          ...environment('dev', 0).infrastructure,
          asOf: hoursAgo(50),
        },
        asOf: hoursAgo(50),
        errors: [
          {
            source: 'cost',
            message: 'Cost Explorer timed out',
            at: hoursAgo(1),
          },
        ],
      }),
    ];
    const { client } = statusBackend(() => status);
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: paymentsApi,
      client,
    });
    expect(
      await screen.findByTestId('platform-status-stale-dev'),
    ).toHaveTextContent(
      'Stale: Infrastructure data from 2 days ago (older than 1 day)',
    );
    expect(
      screen.getByTestId('platform-status-source-errors'),
    ).toHaveTextContent(
      'Development, Cost: Cost Explorer timed out (1 hour ago)',
    );
    expect(
      within(screen.getByTestId('platform-status-card-env-dev')).getByText(
        'At risk',
      ),
    ).toBeInTheDocument();
  });

  it('honours platformStatus.staleAfter', async () => {
    const status = paymentsApiStatus();
    status.environments = [environment('dev', 0, { asOf: hoursAgo(50) })];
    const { client } = statusBackend(() => status);
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: paymentsApi,
      client,
      config: { platformStatus: { staleAfter: { days: 3 } } },
    });
    await screen.findByTestId('platform-status-card-env-dev');
    expect(screen.queryByTestId('platform-status-stale-dev')).toBeNull();
  });

  it('says what went wrong when the back end refuses', async () => {
    const { client } = statusBackend(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'Entity not found' },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    renderOnEntityPage(<EntityPlatformStatusCard />, {
      entity: paymentsApi,
      client,
    });
    expect(
      await screen.findByText(/Could not load platform status/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Entity not found/).length).toBeGreaterThan(0);
    expect(ResponseError).toBeDefined();
  });
});
