import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { AccessReview as Review } from '@groundwork/plugin-requests-common';
import { requestsApiRef } from '../api/RequestsApi';
import { errorBody, fakeBackend } from '../__testUtils__/backend';
import { RequestsPage } from './RequestsPage';

jest.setTimeout(30_000);

const review: Review = {
  generatedAt: '2026-12-07T12:00:00.000Z',
  entries: [
    {
      person: 'user:default/alan.turing',
      githubLogin: 'alan',
      system: 'system:default/payments',
      environment: 'prod',
      grant: 'github team acme/payments-prod (member)',
      via: { persona: 'developer', file: 'personas/alan.yaml' },
      since: '2026-10-01T00:00:00.000Z',
      github: 'member',
    },
    {
      person: 'user:default/mae-jemison',
      githubLogin: 'mae',
      system: 'system:default/payments',
      environment: 'prod',
      grant: 'github team acme/payments-prod (maintainer)',
      via: { requestId: 'r9' },
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-02T00:00:00.000Z',
      github: 'member',
      mismatch: 'still a member after the grant ended',
    },
    {
      person: 'user:default/grace.hopper',
      system: 'system:default/billing',
      environment: 'dev',
      grant: 'github team acme/billing-dev (member)',
      via: { persona: 'developer' },
      github: 'pending',
    },
  ],
};

function render(answer: unknown) {
  const { client, calls } = fakeBackend({ 'GET /access-review': () => answer });
  renderInTestApp(<RequestsPage />, {
    mountPath: '/requests/*',
    initialRouteEntries: ['/requests/access-review'],
    apis: [
      [requestsApiRef, client],
      mockApis.identity({ userEntityRef: 'user:default/radia.perlman' }),
      mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
    ],
  });
  return calls;
}

describe('AccessReview', () => {
  it('lists who has access, through what, and flags where GitHub disagrees', async () => {
    render(review);
    expect(
      await screen.findByText('github team acme/payments-prod (maintainer)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'request r9' })).toHaveAttribute(
      'href',
      '/requests/r9',
    );
    expect(screen.getAllByText('persona developer')).toHaveLength(2);
    expect(
      screen.getByText('Mismatch: still a member after the grant ended'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /1 grant where the access repository and GitHub disagree/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Invitation pending')).toBeInTheDocument();
    expect(screen.getByText('2026-12-02 00:00 UTC')).toBeInTheDocument();
  });

  it('filters by system and environment', async () => {
    render(review);
    await screen.findByText('github team acme/billing-dev (member)');
    await userEvent.selectOptions(
      screen.getByLabelText('System'),
      'system:default/payments',
    );
    expect(
      screen.queryByText('github team acme/billing-dev (member)'),
    ).toBeNull();
    expect(
      screen.getByText('github team acme/payments-prod (member)'),
    ).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Environment'), 'dev');
    expect(
      screen.queryByText('github team acme/payments-prod (member)'),
    ).toBeNull();
  });

  it('tells someone who is not an approver who may see it', async () => {
    render(errorBody(403, 'NotAllowedError', 'Only approvers see the review'));
    expect(
      await screen.findByText(/The access review is for approvers/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('is reached from the Requests page', async () => {
    const { client } = fakeBackend({
      'GET /requests': () => ({ items: [], canDecide: true }),
      'GET /access-review': () => review,
    });
    renderInTestApp(<RequestsPage />, {
      mountPath: '/requests/*',
      initialRouteEntries: ['/requests'],
      apis: [
        [requestsApiRef, client],
        mockApis.identity({ userEntityRef: 'user:default/radia.perlman' }),
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Access review' }),
    );
    expect(
      await screen.findByText('github team acme/billing-dev (member)'),
    ).toBeInTheDocument();
  });
});
