import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import { requestsApiRef } from '../api/RequestsApi';
import { fakeBackend } from '../__testUtils__/backend';
import { RequestList } from './RequestList';

jest.setTimeout(30_000);

const base: GroundworkRequest = {
  id: 'b1',
  kind: 'budget',
  state: 'expired',
  title: 'Budget 6000 for payments-api in prod',
  reason: 'launch month',
  requestedBy: 'user:default/alan.turing',
  approverGroups: ['group:default/finance'],
  changes: [],
  payload: {},
  entityRef: 'component:default/payments-api',
  environment: 'prod',
  expiresAt: '2026-11-30T23:00:00.000Z',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-30T23:00:00.000Z',
};

describe('RequestList', () => {
  it('shows kind, entity, environment, the end and the states of requests that end', async () => {
    const { client } = fakeBackend({
      'GET /requests': () => ({
        items: [
          base,
          {
            ...base,
            id: 'a1',
            kind: 'access',
            state: 'revoked',
            title: 'Access to payments in prod',
            entityRef: 'system:default/payments',
            expiresAt: undefined,
          },
        ],
        canDecide: true,
      }),
    });
    renderInTestApp(<RequestList />, {
      apis: [
        [requestsApiRef, client],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
    });
    const link = await screen.findByRole('link', {
      name: 'Budget 6000 for payments-api in prod',
    });
    const row = link.closest('tr')!;
    expect(within(row).getByText('budget')).toBeInTheDocument();
    expect(
      within(row).getByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(within(row).getByText('prod')).toBeInTheDocument();
    expect(within(row).getByText('2026-11-30 23:00 UTC')).toBeInTheDocument();
    expect(within(row).getByText('Expired')).toBeInTheDocument();
    const revoked = screen
      .getByRole('link', { name: 'Access to payments in prod' })
      .closest('tr')!;
    expect(within(revoked).getByText('Revoked')).toBeInTheDocument();
    expect(
      within(revoked).getByText('system:default/payments'),
    ).toBeInTheDocument();
  });
});
