import { screen, within } from '@testing-library/react';
import type { EntityExpiry } from '@groundwork/plugin-platform-status-common';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import { paymentsApi, paymentsApiStatus } from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

jest.setTimeout(30_000);

async function banner(expiry?: EntityExpiry) {
  const status = paymentsApiStatus();
  if (expiry) status.expiry = expiry;
  const { client } = statusBackend(() => status);
  renderOnEntityPage(<EntityPlatformStatusContent />, {
    entity: paymentsApi,
    client,
  });
  await screen.findByTestId('platform-status-matrix');
  return screen.queryByTestId('platform-status-expiry');
}

describe('the expiry banner on the Platform status tab', () => {
  it('is absent for an entity that does not expire', async () => {
    expect(await banner()).toBeNull();
  });

  it('says when a preview is destroyed and how to keep it', async () => {
    const shown = await banner({
      expiresAt: '2099-12-08T15:00:00Z',
      state: 'notified',
    });
    expect(shown).toHaveAttribute('data-state', 'notified');
    expect(shown).toHaveTextContent('Preview: destroyed when it expires');
    expect(shown).toHaveTextContent('(2099-12-08 15:00 UTC)');
    expect(shown).toHaveTextContent(
      'To keep it longer, change groundwork.dev/expires-at in its catalog-info.yaml to a later time in UTC',
    );
  });

  it('says why a preview will not be destroyed', async () => {
    const shown = await banner({
      expiresAt: '2026-12-08T15:00:00Z',
      state: 'refused',
      reason:
        'It runs in the production environment "prod": expiry never destroys production.',
    });
    expect(shown).toHaveTextContent(
      'Preview: will not be destroyed at its expiryIt runs in the production environment "prod"',
    );
  });

  it('shows a failed teardown with its reason and a link to the task', async () => {
    const shown = await banner({
      expiresAt: '2026-12-08T15:00:00Z',
      state: 'failed',
      reason: 'Error: terraform destroy failed: Error acquiring the state lock',
      taskId: 'a1b2',
    });
    expect(shown).toHaveAttribute('data-state', 'failed');
    expect(shown).toHaveTextContent(
      'Error: terraform destroy failed: Error acquiring the state lock The environment is left as it is',
    );
    expect(
      within(shown!).getByRole('link', { name: 'See the teardown task.' }),
    ).toHaveAttribute('href', '/create/tasks/a1b2');
  });
});
