import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from './__testUtils__/renderApp';

jest.setTimeout(60_000);

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it('signs in and opens the platform-status portfolio from the navigation', async () => {
    // No auth backend runs in this test: come back as a guest who chose the
    // sign-in page's local guest token, so the app signs in by itself.
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    localStorage.setItem('enableLegacyGuestToken', 'true');
    renderApp(['guest']);

    const nav = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: 30_000 },
    );
    // The logo and the Home item both lead home.
    expect(
      within(nav)
        .getAllByRole('link', { name: 'Home' })
        .map(a => a.getAttribute('href')),
    ).toEqual(['/', '/home']);
    expect(within(nav).getByRole('link', { name: 'Catalog' })).toHaveAttribute(
      'href',
      '/catalog',
    );
    const portfolio = within(nav).getByRole('link', {
      name: 'Platform status',
    });
    expect(portfolio).toHaveAttribute('href', '/platform-status');

    await userEvent.click(portfolio);
    expect(
      await screen.findByRole(
        'search',
        { name: 'Filter the portfolio' },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
  });
});
