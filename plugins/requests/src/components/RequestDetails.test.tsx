import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ALAN,
  RADIA,
  renderRequest as render,
  waiver,
} from '../__testUtils__/requestDetails';

jest.setTimeout(30_000);

describe('RequestDetails of a request that ends', () => {
  it('shows the waiver the approver decided on, and when it ends', async () => {
    render(RADIA, true);
    expect(await screen.findByText('GW-AWS-004')).toBeInTheDocument();
    expect(screen.getByText('aws_s3_bucket.logs')).toBeInTheDocument();
    expect(
      screen.getByText(/^in 3 days \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/told the requester it ends within a day/),
    ).toBeInTheDocument();
  });

  it('lets the requester revoke it with a comment, then shows it revoked', async () => {
    const calls = render(ALAN, false);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke' }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Revoke' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByRole('textbox'), 'fixed early');
    await userEvent.click(confirm);
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
    expect(calls).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/requests/w1/revoke',
        body: { comment: 'fixed early' },
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull(),
    );
  });

  it('offers no Revoke for a grant without an end', async () => {
    render(RADIA, true, { ...waiver(), expiresAt: undefined });
    expect(await screen.findByText('GW-AWS-004')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
  });

  it('shows a budget as asked against the budget now', async () => {
    render(RADIA, true, {
      ...waiver(),
      kind: 'budget',
      state: 'requested',
      payload: {
        entityRef: 'component:default/payments-api',
        environment: 'prod',
        monthlyBudget: 6000,
        currentBudget: 5000,
        expiresAt: '2099-01-01T00:00:00.000Z',
      },
    });
    expect(
      await screen.findByText('5000 now, 6000 asked (+1000)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });

  it('shows an access request as the grant, who it is for and for how long', async () => {
    render(RADIA, true, {
      ...waiver(),
      kind: 'access',
      state: 'requested',
      subject: 'user:default/mae-jemison',
      createdAt: '2026-12-07T10:00:00.000Z',
      expiresAt: '2026-12-08T10:00:00.000Z',
      changes: [
        {
          system: 'github',
          target: 'team acme/payments-prod (maintainer) for @mae',
        },
      ],
      payload: {
        person: {
          ref: 'user:default/mae-jemison',
          email: 'mae@example.com',
          githubLogin: 'mae',
        },
        system: 'system:default/payments',
        environment: 'prod',
        role: 'maintainer',
        expiresAt: '2026-12-08T10:00:00.000Z',
      },
    });
    expect(await screen.findByText('24 hours')).toBeInTheDocument();
    expect(screen.getByText('maintainer')).toBeInTheDocument();
    expect(
      screen.getByText('github: team acme/payments-prod (maintainer) for @mae'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('user:default/mae-jemison').length,
    ).toBeGreaterThan(0);
  });
});
