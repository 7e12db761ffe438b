import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import platformStatusPlugin from '../alpha';
import { paymentsApi, paymentsApiStatus } from '../__testUtils__/fixtures';
import { demoConfig, statusBackend } from '../__testUtils__/render';

// The whole catalog plugin loads here; on a loaded 2-core machine that is slow.
jest.setTimeout(60_000);

describe('on the catalog entity page', () => {
  it('shows the card on the overview, then the tab, from ONE request to the status API', async () => {
    const backend = statusBackend(() => paymentsApiStatus());
    renderTestApp({
      features: [catalogPlugin, platformStatusPlugin],
      apis: [
        catalogApiMock({ entities: [paymentsApi] }),
        [fetchApiRef, { fetch: backend.fetch }],
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
        ],
        [configApiRef, mockApis.config({ data: demoConfig })],
        mockApis.permission(),
      ],
      config: demoConfig,
      initialRouteEntries: ['/catalog/default/component/payments-api'],
    });

    const card = await screen.findByTestId(
      'platform-status-card',
      {},
      { timeout: 10_000 },
    );
    await within(card).findByTestId('platform-status-card-env-prod');

    // The portfolio is in the sidebar; the entity tab is in the page header.
    const links = screen.getAllByRole('link', { name: 'Platform status' });
    expect(links.map(a => a.getAttribute('href'))).toEqual([
      '/platform-status',
      '/catalog/default/component/payments-api/platform-status',
    ]);
    await userEvent.click(links[1]);
    expect(
      await screen.findByTestId(
        'platform-status-matrix',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByTestId('platform-status-delivery-prod'),
      ).toHaveTextContent('Not configured'),
    );
    expect(backend.requests.map(r => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/platform-status/entities/component/default/payments-api',
    ]);
  });
});
