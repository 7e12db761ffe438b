import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import { requestsApiRef } from '../api/RequestsApi';
import { RequestsClient } from '../api/RequestsClient';
import { HomePageMyRequests } from './HomePageMyRequests';

const ADA = 'user:default/ada';
const ALAN = 'user:default/alan.turing';

function request(
  overrides: Partial<GroundworkRequest> & Pick<GroundworkRequest, 'id'>,
): GroundworkRequest {
  return {
    kind: 'access',
    state: 'requested',
    title: `Request ${overrides.id}`,
    reason: 'it-admin is a privileged persona',
    requestedBy: ALAN,
    approverGroups: ['group:default/security'],
    changes: [],
    payload: {},
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    ...overrides,
  };
}

/** The requests back end as a fake fetch: filters by state as the real one does. */
function backend(items: GroundworkRequest[], canDecide: boolean, status = 200) {
  const urls: URL[] = [];
  const fetch = jest.fn(async (input: string) => {
    const url = new URL(input);
    urls.push(url);
    if (status !== 200) {
      return new Response(
        JSON.stringify({ error: { name: 'Error', message: 'down' } }),
        { status, statusText: 'Bad Gateway' },
      );
    }
    const states = url.searchParams.get('state')?.split(',');
    return new Response(
      JSON.stringify({
        items: items.filter(r => !states || states.includes(r.state)),
        canDecide,
      }),
      { status: 200, headers: { 'Content-Type': 'application/json' } },
    );
  });
  const client = new RequestsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, urls };
}

function render(api: RequestsClient) {
  return renderInTestApp(<HomePageMyRequests />, {
    apis: [[requestsApiRef, api], mockApis.identity({ userEntityRef: ADA })],
  });
}

const items = [
  request({ id: 'mine', title: 'Onboard Mae as developer', requestedBy: ADA }),
  request({
    id: 'about-me',
    title: 'Ada as IT administrator',
    subject: ADA,
    state: 'failed',
  }),
  request({ id: 'theirs', title: 'Onboard Grace as ciso' }),
  request({ id: 'done', title: 'Old one', requestedBy: ADA, state: 'applied' }),
];

describe('HomePageMyRequests', () => {
  it('lists the open requests asked by or about the person, not finished ones', async () => {
    const { client, urls } = backend(items, false);
    render(client);
    const list = await screen.findByTestId('home-my-requests');
    expect(urls[0].pathname).toBe('/api/requests/requests');
    expect(urls[0].searchParams.get('state')).toBe('requested,approved,failed');
    const titles = within(list)
      .getAllByTestId('home-my-requests-item')
      .map(i => within(i).getByRole('link').textContent);
    expect(titles).toEqual([
      'Onboard Mae as developer',
      'Ada as IT administrator',
    ]);
    expect(
      screen.getByRole('link', { name: 'Ada as IT administrator' }),
    ).toHaveAttribute('href', '/requests/about-me');
    expect(screen.getByText('Approved, applying failed')).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for your decision/)).toBeNull();
  });

  it('shows an approver what waits for their decision, never their own', async () => {
    const { client } = backend(items, true);
    render(client);
    const heading = await screen.findByText('Waiting for your decision (1)');
    const section = heading.closest('ul')!;
    expect(
      within(section)
        .getAllByRole('link')
        .map(a => a.textContent),
    ).toEqual(['Onboard Grace as ciso']);
    expect(
      screen.getByText('Asked by you or about you (2)'),
    ).toBeInTheDocument();
  });

  it('says what requests are when there are none', async () => {
    const { client } = backend([items[2]], false);
    render(client);
    expect(await screen.findByText('No open requests')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'See all requests' }),
    ).toHaveAttribute('href', '/requests');
  });

  it('says so, without crashing, when the requests back end is down', async () => {
    const { client } = backend(items, false, 502);
    render(client);
    expect(
      await screen.findByText(/Could not load your requests/),
    ).toBeInTheDocument();
  });
});
