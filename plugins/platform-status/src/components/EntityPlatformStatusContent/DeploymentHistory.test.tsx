import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  DeploymentHistoryResponse,
  EntityStatusResponse,
} from '@groundwork/plugin-platform-status-common';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import {
  hoursAgo,
  paymentsApi,
  paymentsApiStatus,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

jest.setTimeout(30_000);

const [r1, r2, r3] = ['1', '2', '3'].map(c => c.repeat(40));

/** payments-api with dev delivered by Argo CD, the rest as in the fixture. */
function deliveredStatus(): EntityStatusResponse {
  const status = paymentsApiStatus();
  const dev = status.environments.find(e => e.name === 'dev')!;
  dev.delivery = {
    state: 'ok',
    instance: 'nonprod',
    appName: 'payments-api-dev',
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
    revision: r2,
    lastDeployedAt: hoursAgo(1),
    automatedSync: false,
    operationPhase: 'Failed',
    asOf: hoursAgo(0),
  };
  return status;
}

const history: DeploymentHistoryResponse = {
  entityRef: 'component:default/payments-api',
  environment: 'dev',
  items: [
    {
      key: '2026-11-21T10:00:00Z',
      instance: 'nonprod',
      appName: 'payments-api-dev',
      revision: r3,
      repoUrl: 'https://github.com/acme/deploy',
      diffUrl: `https://github.com/acme/deploy/compare/${r2}...${r3}`,
      startedAt: '2026-11-21T10:00:00Z',
      finishedAt: '2026-11-21T10:00:30Z',
      result: 'Failed',
      message: 'one or more objects failed to apply',
      initiatedBy: 'jane',
    },
    {
      key: '2026-11-20T09:00:00Z',
      instance: 'nonprod',
      appName: 'payments-api-dev',
      historyId: 2,
      revision: r2,
      repoUrl: 'https://github.com/acme/deploy',
      diffUrl: `https://github.com/acme/deploy/compare/${r1}...${r2}`,
      startedAt: '2026-11-20T09:00:00Z',
      finishedAt: '2026-11-20T09:02:00Z',
      result: 'Succeeded',
      initiatedBy: 'automated',
      commit: {
        author: 'Jane Doe <jane@example.com>',
        message: 'Bump payments-api to 1.4.2\n\nLonger body.',
        tags: ['v1.4.2'],
      },
      images: ['ghcr.io/acme/payments-api:1.4.2'],
    },
    {
      key: 'id:1',
      instance: 'nonprod',
      appName: 'payments-api-dev',
      historyId: 1,
      revision: r1,
      finishedAt: '2026-11-19T08:01:00Z',
      result: 'Succeeded',
    },
  ],
};

describe('deployment history on the Platform status tab', () => {
  it('loads an environment’s history when opened, with diff links, commits, images and results', async () => {
    const { client, requests } = statusBackend(({ url }) =>
      url.pathname.endsWith('/deployments') ? history : deliveredStatus(),
    );
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    await screen.findByTestId('platform-status-matrix');
    // Only delivered environments have a history; nothing is asked yet.
    expect(screen.queryByTestId('platform-status-history-row-prod')).toBeNull();
    expect(requests.some(r => r.url.pathname.endsWith('/deployments'))).toBe(
      false,
    );

    await userEvent.click(
      within(screen.getByTestId('platform-status-history-row-dev')).getByRole(
        'button',
        { name: /Deployment history/ },
      ),
    );
    const table = await screen.findByTestId('platform-status-history-dev');
    expect(
      requests
        .filter(r => r.url.pathname.endsWith('/deployments'))
        .map(r => r.url.pathname),
    ).toEqual([
      '/api/platform-status/entities/component/default/payments-api/environments/dev/deployments',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(cells(rows[1])).toEqual([
      '2222222, Opens in a new window (v1.4.2)',
      'Bump payments-api to 1.4.2',
      'Jane Doe <jane@example.com>synced by automated',
      'ghcr.io/acme/payments-api:1.4.2',
      expect.any(String),
      expect.any(String),
      'Succeeded',
      // What runs now: nothing to roll back to.
      '',
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: /^2222222/ }),
    ).toHaveAttribute(
      'href',
      `https://github.com/acme/deploy/compare/${r1}...${r2}`,
    );
    expect(cells(rows[0])[6]).toBe('Failedone or more objects failed to apply');
    // No repository link for a revision without a diff.
    expect(within(rows[2]).queryByRole('link')).toBeNull();
    expect(cells(rows[2])[0]).toBe('1111111');
  });

  it('says when nothing was recorded yet, and shows a failed load', async () => {
    let fail = false;
    const { client } = statusBackend(({ url }) => {
      if (!url.pathname.endsWith('/deployments')) return deliveredStatus();
      if (fail) {
        return new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'No entity' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        );
      }
      return { ...history, items: [] };
    });
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const toggle = within(
      await screen.findByTestId('platform-status-history-row-dev'),
    ).getByRole('button', { name: /Deployment history/ });
    await userEvent.click(toggle);
    expect(await screen.findByText(/No sync recorded yet/)).toBeInTheDocument();
    await userEvent.click(toggle);
    fail = true;
    await userEvent.click(toggle);
    expect(
      await screen.findByText(/Could not load the deployment history/),
    ).toBeInTheDocument();
  });

  it('syncs and rolls back after a confirmation that says what will change', async () => {
    const posted: Array<{ path: string; body?: string }> = [];
    const { client, fetch } = statusBackend(({ url, method }) => {
      if (method === 'POST') {
        return {
          entityRef: 'component:default/payments-api',
          environment: 'dev',
          action: url.pathname.endsWith('/sync') ? 'sync' : 'rollback',
          instance: 'nonprod',
          appName: 'payments-api-dev',
        };
      }
      return url.pathname.endsWith('/deployments')
        ? history
        : deliveredStatus();
    });
    const spy = fetch as unknown as jest.Mock;
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const row = await screen.findByTestId('platform-status-history-row-dev');
    await userEvent.click(within(row).getByRole('button', { name: /Sync/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Sync Development?');
    expect(dialog).toHaveTextContent(
      'Argo CD will apply what Git holds now for payments-api-dev (Argo CD nonprod) to Development, replacing what runs there (2222222, Synced).',
    );
    // Cancel sends nothing.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    expect(spy.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(
      false,
    );
    await userEvent.click(within(row).getByRole('button', { name: /Sync/ }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Sync',
      }),
    );
    expect(
      await screen.findByText(/Sync of Development started/),
    ).toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('button', { name: /Deployment history/ }),
    );
    const table = await screen.findByTestId('platform-status-history-dev');
    const rows = within(table).getAllByRole('row').slice(1);
    // Only a past successful sync that is not the one running now.
    expect(within(rows[0]).queryByRole('button')).toBeNull();
    expect(within(rows[1]).queryByRole('button')).toBeNull();
    await userEvent.click(
      within(rows[2]).getByRole('button', { name: 'Roll back' }),
    );
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('Roll back Development to 1111111?');
    expect(confirm).toHaveTextContent(
      'Argo CD will deploy 1111111, sync #1 of payments-api-dev (Argo CD nonprod), in place of 2222222 that runs now. Git is not changed',
    );
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Roll back' }),
    );
    await screen.findByText(/Roll back of Development started/);
    for (const [input, init] of spy.mock.calls) {
      if (init?.method === 'POST') {
        posted.push({ path: new URL(input).pathname, body: init.body });
      }
    }
    expect(posted).toEqual([
      {
        path: '/api/platform-status/entities/component/default/payments-api/environments/dev/sync',
        body: undefined,
      },
      {
        path: '/api/platform-status/entities/component/default/payments-api/environments/dev/rollback',
        body: JSON.stringify({ historyId: 1 }),
      },
    ]);
  });

  it('disables rollback while automated sync is on, and says why', async () => {
    const status = deliveredStatus();
    status.environments.find(e => e.name === 'dev')!.delivery.automatedSync =
      true;
    const { client } = statusBackend(({ url }) =>
      url.pathname.endsWith('/deployments') ? history : status,
    );
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const row = await screen.findByTestId('platform-status-history-row-dev');
    await userEvent.click(
      within(row).getByRole('button', { name: /Deployment history/ }),
    );
    const table = await screen.findByTestId('platform-status-history-dev');
    const button = await within(table).findByRole('button', {
      name: 'Roll back',
    });
    expect(button).toBeDisabled();
    expect(button.parentElement).toHaveAttribute(
      'title',
      expect.stringContaining('Automated sync is on'),
    );
  });

  it('offers no sync or rollback to someone the permission policy refuses', async () => {
    const { client } = statusBackend(({ url }) =>
      url.pathname.endsWith('/deployments') ? history : deliveredStatus(),
    );
    // Another entity: usePermission keeps earlier answers per resource.
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: {
        ...paymentsApi,
        metadata: { ...paymentsApi.metadata, name: 'ledger-api' },
      },
      client,
      refreshAllowed: false,
    });
    const row = await screen.findByTestId('platform-status-history-row-dev');
    await userEvent.click(
      within(row).getByRole('button', { name: /Deployment history/ }),
    );
    const table = await screen.findByTestId('platform-status-history-dev');
    expect(within(row).queryByRole('button', { name: /^Sync/ })).toBeNull();
    expect(within(table).queryByRole('button')).toBeNull();
  });
});
