import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { requestsApiRef } from '../api/RequestsApi';
import { fakeBackend } from '../__testUtils__/backend';
import { EntityRequestAccessCard } from './EntityRequestAccessCard';

jest.setTimeout(30_000);

const ME = 'user:default/mae-jemison';

describe('EntityRequestAccessCard', () => {
  it('asks for temporary access to the system, for the signed-in person, in a configured environment', async () => {
    const { client, calls } = fakeBackend({
      'POST /requests': call => ({
        id: 'a7',
        kind: 'access',
        state: 'requested',
        title: 'Temporary access',
        reason: call.body.reason,
        requestedBy: ME,
        approverGroups: ['group:default/security'],
        changes: [],
        payload: call.body.payload,
        createdAt: '2026-12-07T12:00:00.000Z',
        updatedAt: '2026-12-07T12:00:00.000Z',
      }),
    });
    renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: 'payments' },
          spec: { owner: 'group:default/payments' },
        }}
      >
        <EntityRequestAccessCard />
      </EntityProvider>,
      {
        apis: [
          [requestsApiRef, client],
          mockApis.identity({ userEntityRef: ME }),
        ],
        config: {
          groundwork: { environments: [{ name: 'dev' }, { name: 'prod' }] },
        },
      },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request access' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Request access',
    });
    expect(within(dialog).getByLabelText(/^System/)).toHaveValue(
      'system:default/payments',
    );
    const environment = within(dialog).getByLabelText(/^Environment/);
    expect(
      within(environment)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['', 'dev', 'prod']);
    await userEvent.selectOptions(environment, 'prod');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'incident INC-42',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    await waitFor(() =>
      expect(calls.find(c => c.method === 'POST')?.body).toMatchObject({
        kind: 'access',
        reason: 'incident INC-42',
        payload: {
          system: 'system:default/payments',
          environment: 'prod',
          person: ME,
          role: 'member',
        },
      }),
    );
    const expiresAt = Date.parse(
      calls.find(c => c.method === 'POST')!.body.payload.expiresAt,
    );
    // Eight hours by default: access for an incident, not for good.
    expect(expiresAt - Date.now()).toBeGreaterThan(7 * 3600_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
  });
});
