import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { requestsApiRef } from '../api/RequestsApi';
import { fakeBackend } from '../__testUtils__/backend';
import { RequestsPage } from './RequestsPage';
import {
  RequestWaiverButton,
  RequestBudgetButton,
} from '@groundwork/plugin-requests-react';

jest.setTimeout(30_000);

const ALAN = 'user:default/alan.turing';

function backend() {
  return fakeBackend({
    'GET /requests': () => ({ items: [], canDecide: false }),
    'POST /requests': call => ({
      id: 'r42',
      kind: call.body.kind,
      state: 'requested',
      title: `Waive ${call.body.payload.rule}`,
      reason: call.body.reason,
      requestedBy: ALAN,
      approverGroups: ['group:default/security'],
      changes: [],
      payload: call.body.payload,
      createdAt: '2026-12-07T12:00:00.000Z',
      updatedAt: '2026-12-07T12:00:00.000Z',
    }),
  });
}

function apis(client: unknown) {
  return [
    [requestsApiRef, client],
    mockApis.identity({ userEntityRef: ALAN }),
    mockApis.permission({ authorize: AuthorizeResult.DENY }),
  ] as any;
}

const label = (name: string) => new RegExp(`^${name}`);

describe('NewRequestDialog', () => {
  it('says what is missing before it sends anything', async () => {
    const { client, calls } = backend();
    renderInTestApp(<RequestsPage />, {
      mountPath: '/requests/*',
      initialRouteEntries: ['/requests'],
      apis: apis(client),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'New request' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'New request' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      within(dialog).getByText('Name the rule, e.g. GW-AWS-004.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Say why: the approver reads it.'),
    ).toBeInTheDocument();
    expect(calls.filter(c => c.method === 'POST')).toEqual([]);
  });

  it('asks for a budget change from the Requests page', async () => {
    const { client, calls } = backend();
    renderInTestApp(<RequestsPage />, {
      mountPath: '/requests/*',
      initialRouteEntries: ['/requests'],
      apis: apis(client),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'New request' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Kind'),
      'budget',
    );
    expect(within(dialog).queryByLabelText(label('Rule'))).toBeNull();
    await userEvent.type(
      within(dialog).getByLabelText(label('Entity')),
      'component:default/payments-api',
    );
    await userEvent.type(
      within(dialog).getByLabelText(label('Environment')),
      'prod',
    );
    await userEvent.type(
      within(dialog).getByLabelText(label('Monthly budget')),
      '6000',
    );
    fireEvent.change(within(dialog).getByLabelText(label('Expires')), {
      target: { value: '2099-01-31T00:00' },
    });
    await userEvent.type(
      within(dialog).getByLabelText(label('Reason')),
      'launch month',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      await within(dialog).findByRole('link', { name: 'Open the request' }),
    ).toHaveAttribute('href', '/requests/r42');
    expect(calls.find(c => c.method === 'POST')).toEqual({
      method: 'POST',
      path: '/requests',
      search: '',
      body: {
        kind: 'budget',
        reason: 'launch month',
        payload: {
          entityRef: 'component:default/payments-api',
          environment: 'prod',
          monthlyBudget: 6000,
          expiresAt: '2099-01-31T00:00:00.000Z',
        },
      },
    });
  });

  it('shows the backend refusal, e.g. an end beyond the maximum duration', async () => {
    const { client } = fakeBackend({
      'POST /requests': () => ({
        status: 400,
        body: {
          error: {
            name: 'InputError',
            message: 'expiresAt is more than 90 days away',
          },
          response: { statusCode: 400 },
        },
      }),
    });
    renderInTestApp(
      <RequestWaiverButton
        entityRef="component:default/payments-api"
        environment="prod"
        rule="GW-AWS-004"
        resource="aws_s3_bucket.logs"
      />,
      { apis: apis(client) },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request a waiver' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Request a waiver',
    });
    await userEvent.type(
      within(dialog).getByLabelText(label('Reason')),
      'fix ships Friday',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      await within(dialog).findByText(/expiresAt is more than 90 days away/),
    ).toBeInTheDocument();
  });
});

describe('request buttons', () => {
  it('prefill a waiver with the finding it is for', async () => {
    const { client, calls } = backend();
    renderInTestApp(
      <RequestWaiverButton
        entityRef="component:default/payments-api"
        environment="prod"
        rule="GW-AWS-004"
        resource="aws_s3_bucket.logs"
      />,
      { apis: apis(client) },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request a waiver' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(label('Rule'))).toHaveValue(
      'GW-AWS-004',
    );
    expect(within(dialog).getByLabelText(label('Resource'))).toHaveValue(
      'aws_s3_bucket.logs',
    );
    expect(within(dialog).getByLabelText(label('Entity'))).toHaveValue(
      'component:default/payments-api',
    );
    expect(within(dialog).getByLabelText(label('Environment'))).toHaveValue(
      'prod',
    );
    // A week by default: within the demo's production maximum (7 days).
    const end = Date.parse(
      `${
        (within(dialog).getByLabelText(label('Expires')) as HTMLInputElement)
          .value
      }Z`,
    );
    expect(end - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 120_000);
    expect(end - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600_000);
    // The kind is the button's: no Kind picker.
    expect(within(dialog).queryByLabelText('Kind')).toBeNull();
    await userEvent.type(
      within(dialog).getByLabelText(label('Reason')),
      'fix ships Friday',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    await waitFor(() =>
      expect(calls.find(c => c.method === 'POST')?.body).toMatchObject({
        kind: 'waiver',
        reason: 'fix ships Friday',
        payload: { rule: 'GW-AWS-004', resource: 'aws_s3_bucket.logs' },
      }),
    );
  });

  it('prefill a budget with the suggested amount', async () => {
    const { client } = backend();
    renderInTestApp(
      <RequestBudgetButton
        entityRef="component:default/payments-api"
        environment="prod"
        suggestedBudget={6200}
      />,
      { apis: apis(client) },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request budget' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(label('Monthly budget'))).toHaveValue(
      6200,
    );
  });
});
