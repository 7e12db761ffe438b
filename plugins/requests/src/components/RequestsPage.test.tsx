import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import { requestsApiRef } from '../api/RequestsApi';
import { RequestsClient } from '../api/RequestsClient';
import { RequestsPage } from './RequestsPage';

// Rendering the whole test app with userEvent is slow on a busy 2-core machine.
jest.setTimeout(30_000);

const ALAN = 'user:default/alan.turing';
const RADIA = 'user:default/radia.perlman';

function waiting(): GroundworkRequest {
  return {
    id: 'r1',
    kind: 'access',
    state: 'requested',
    title: 'Onboard Mae Jemison as IT administrator in payments',
    reason: 'it-admin is a privileged persona',
    requestedBy: ALAN,
    subject: 'user:default/mae-jemison',
    approverGroups: ['group:default/security'],
    changes: [
      {
        system: 'github',
        target: 'organization groundwork-demo (admin) for @mae-jemison',
        status: 'pending',
      },
    ],
    payload: {},
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    events: [
      { at: '2026-12-06T10:00:00.000Z', actor: ALAN, action: 'requested' },
    ],
  };
}

/** The requests backend as a fake fetch, deciding as the real one would answer. */
function backend(canDecide: boolean) {
  let current = waiting();
  const calls: Array<{ method: string; path: string; body?: any }> = [];
  const fetch = jest.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path: url.pathname, body });
    const json = (value: unknown) =>
      new Response(JSON.stringify(value), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    if (url.pathname.endsWith('/requests/r1/approve')) {
      current = {
        ...current,
        state: 'applied',
        decidedBy: RADIA,
        changes: current.changes.map(c => ({ ...c, status: 'done' })),
        events: [
          ...current.events!,
          { at: '2026-12-06T11:00:00.000Z', actor: RADIA, action: 'approved' },
        ],
      };
      return json(current);
    }
    if (url.pathname.endsWith('/requests/r1')) return json(current);
    if (url.pathname.endsWith('/requests')) {
      return json({ items: [current], canDecide });
    }
    return new Response('{}', { status: 404 });
  });
  const client = new RequestsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, calls };
}

function render(options: { as: string; approver: boolean; path: string }) {
  const { client, calls } = backend(options.approver);
  renderInTestApp(<RequestsPage />, {
    mountPath: '/requests/*',
    initialRouteEntries: [options.path],
    apis: [
      [requestsApiRef, client],
      mockApis.identity({ userEntityRef: options.as }),
      mockApis.permission({
        authorize: options.approver
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }),
    ],
  });
  return calls;
}

describe('RequestsPage', () => {
  it('lets an approver approve, saying what approving applies, and shows it applied', async () => {
    const calls = render({ as: RADIA, approver: true, path: '/requests/r1' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'github: organization groundwork-demo (admin) for @mae-jemison',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve and apply' }),
    );
    expect(await screen.findByText('Approved and applied')).toBeInTheDocument();
    expect(calls).toContainEqual({
      method: 'POST',
      path: '/api/requests/requests/r1/approve',
      body: {},
    });
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('offers the requester no decision, and says who decides', async () => {
    const calls = render({ as: ALAN, approver: true, path: '/requests/r1' });
    expect(
      await screen.findByText(
        /a second\s+person from group:default\/security decides it/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(calls.every(c => c.method === 'GET')).toBe(true);
  });

  it('needs a reason before it rejects', async () => {
    render({ as: RADIA, approver: true, path: '/requests/r1' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    const dialog = await screen.findByRole('dialog');
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox'),
      'not this quarter',
    );
    await waitFor(() => expect(reject).toBeEnabled());
  });

  it('lists what waits for approval, linking each request', async () => {
    render({ as: ALAN, approver: false, path: '/requests' });
    const link = await screen.findByRole('link', {
      name: 'Onboard Mae Jemison as IT administrator in payments',
    });
    expect(link.getAttribute('href')).toMatch(/\/requests\/r1$/);
    expect(screen.getByLabelText('Status pending')).toHaveTextContent(
      'Waiting for approval',
    );
    // Not an approver: told whose requests they see and who decides.
    expect(
      screen.getByText(
        /You see the requests you asked for or that are about you/,
      ),
    ).toBeInTheDocument();
  });
});
