import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  requestsApiRef,
  type RequestsApi,
} from '@groundwork/plugin-requests-react';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import { paymentsApi, paymentsApiStatus } from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

jest.setTimeout(30_000);

const DAY = 24 * 3600_000;

/** The requests API as the requests plugin registers it, recording what is asked. */
function requestsApi() {
  const create = jest.fn(async (request: any) => ({
    id: 'r77',
    kind: request.kind,
    state: 'requested' as const,
    title: 'Waive it',
    reason: request.reason,
    requestedBy: 'user:default/alan.turing',
    approverGroups: ['group:default/security'],
    changes: [],
    payload: request.payload,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  }));
  return { api: { create } as unknown as RequestsApi, create };
}

function withRequests(
  extra: Partial<ReturnType<typeof paymentsApiStatus>> = {},
) {
  const { client } = statusBackend(() => ({
    ...paymentsApiStatus(),
    ...extra,
  }));
  const requests = requestsApi();
  renderOnEntityPage(<EntityPlatformStatusContent />, {
    entity: paymentsApi,
    client,
    apis: [
      [requestsApiRef, requests.api],
      [
        identityApiRef,
        mockApis.identity({ userEntityRef: 'user:default/alan.turing' }),
      ],
    ],
  });
  return requests;
}

describe('platform status with the requests plugin', () => {
  it('offers no request buttons when the requests plugin is not installed', async () => {
    const { client } = statusBackend(() => paymentsApiStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    await screen.findByTestId('platform-status-compliance');
    expect(
      screen.queryByRole('button', { name: 'Request a waiver' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Request budget' })).toBeNull();
    expect(screen.queryByTestId('platform-status-in-force')).toBeNull();
  });

  it('asks for a waiver of a failing finding, prefilled from it', async () => {
    const { create } = withRequests();
    const compliance = await screen.findByTestId('platform-status-compliance');
    const failing = paymentsApiStatus()
      .environments.flatMap(e => e.compliance.findings)
      .filter(f => f.verdict === 'fail' || f.verdict === 'unknown');
    const buttons = within(compliance).getAllByRole('button', {
      name: 'Request a waiver',
    });
    expect(buttons).toHaveLength(failing.length);
    // The first row is what to fix first: prod's critical failure.
    const firstRow = buttons[0].closest('tr')!;
    const ruleId = failing.find(f => f.severity === 'critical')!.ruleId;
    expect(firstRow).toHaveTextContent(ruleId);
    await userEvent.click(buttons[0]);
    const dialog = await screen.findByRole('dialog', {
      name: 'Request a waiver',
    });
    expect(within(dialog).getByLabelText(/^Rule/)).toHaveValue(ruleId);
    expect(within(dialog).getByLabelText(/^Environment/)).toHaveValue('prod');
    expect(within(dialog).getByLabelText(/^Entity/)).toHaveValue(
      'component:default/payments-api',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'fix ships Friday',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    const sent = create.mock.calls[0][0];
    expect(sent.kind).toBe('waiver');
    expect(sent.payload).toMatchObject({
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      rule: ruleId,
    });
  });

  it('asks for budget only where the environment is over it, suggesting a round figure above the estimate', async () => {
    withRequests();
    const cost = await screen.findByTestId('platform-status-cost');
    const buttons = within(cost).getAllByRole('button', {
      name: 'Request budget',
    });
    // Only prod (132%) is over; staging is near (85%).
    expect(buttons).toHaveLength(1);
    expect(buttons[0].closest('tr')).toHaveTextContent('Production');
    await userEvent.click(buttons[0]);
    const dialog = await screen.findByRole('dialog', {
      name: 'Request budget',
    });
    // The estimate is $1,584.50: the next round hundred.
    expect(within(dialog).getByLabelText(/^Monthly budget/)).toHaveValue(1600);
    expect(within(dialog).getByLabelText(/^Environment/)).toHaveValue('prod');
  });

  it('shows the waivers and the budget in force per environment', async () => {
    const status = paymentsApiStatus();
    const expiresAt = new Date(Date.now() + 5 * DAY).toISOString();
    const prod = status.environments.find(e => e.name === 'prod')!;
    prod.compliance.waiversInForce = [
      {
        requestId: 'r5',
        rule: 'GW-AWS-004',
        resource: 'aws_s3_bucket.logs*',
        reason: 'fix ships Friday',
        requestedBy: 'user:default/alan.turing',
        approvedBy: 'user:default/radia.perlman',
        approvedAt: new Date().toISOString(),
        expiresAt,
      },
    ];
    prod.cost.budgetInForce = {
      requestId: 'r6',
      monthlyBudget: 2000,
      reason: 'launch',
      requestedBy: 'user:default/alan.turing',
      approvedBy: 'user:default/radia.perlman',
      approvedAt: new Date().toISOString(),
      expiresAt: '2027-01-31T00:00:00.000Z',
    };
    for (const env of status.environments) {
      env.compliance.waiversInForce ??= [];
    }
    withRequests(status);
    const section = await screen.findByRole('region', {
      name: 'In force in Production',
    });
    const waivers = within(section).getByRole('table', {
      name: 'Waivers in Production',
    });
    expect(within(waivers).getByText('GW-AWS-004')).toBeInTheDocument();
    expect(
      within(waivers).getByText('aws_s3_bucket.logs*'),
    ).toBeInTheDocument();
    expect(within(waivers).getByText('in 5 days')).toBeInTheDocument();
    expect(within(waivers).getByText('radia.perlman')).toBeInTheDocument();
    expect(
      within(waivers).getByRole('link', { name: 'request r5' }),
    ).toHaveAttribute('href', '/requests/r5');
    expect(section).toHaveTextContent(
      'Budget raised to $2,000 until 2027-01-31 00:00 UTC by request r6',
    );
    expect(
      within(
        screen.getByRole('region', { name: 'In force in Development' }),
      ).getByText('No waiver in force.'),
    ).toBeInTheDocument();
    // The cost table says it too, next to the budget.
    expect(screen.getByTestId('platform-status-cost')).toHaveTextContent(
      'Budget raised to $2,000 until 2027-01-31 00:00 UTC by request r6',
    );
  });
});
