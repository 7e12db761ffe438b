import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from './__testUtils__/renderApp';

jest.setTimeout(120_000);

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    // jsdom keeps the URL between tests: start each where sign-in lands.
    window.history.replaceState(null, '', '/');
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

  it("lands a signed-in person on the Groundwork home page, with Groundwork's logo", async () => {
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    localStorage.setItem('enableLegacyGuestToken', 'true');
    renderApp(['guest']);

    const nav = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: 30_000 },
    );
    // The sidebar shows Groundwork's mark and name, not Backstage's.
    expect(
      within(nav).getByRole('img', { name: 'Groundwork' }),
    ).toBeInTheDocument();
    expect(nav.querySelector('svg[viewBox="0 0 2079.95 456.05"]')).toBeNull();

    // `/`, where sign-in lands, is the home page (it was a 404: issue 17).
    expect(
      await screen.findByText('Welcome to Groundwork', undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    expect(window.location.pathname).toBe('/home');
    expect(screen.queryByText(/PAGE NOT FOUND/i)).toBeNull();
    for (const title of [
      'Needs attention',
      'My requests',
      'Recent template runs',
    ]) {
      // Each widget loads on its own; with no back end, sign-in retries first.
      expect(
        await screen.findByText(title, undefined, { timeout: 30_000 }),
      ).toBeInTheDocument();
    }
    // No back end runs here: every widget says what failed instead of
    // taking the page down.
    expect(
      await screen.findByText(/Could not load your environments/, undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not load your requests/, undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not load your template runs/, undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    // Backstage's boilerplate and the home plugin's samples are gone.
    expect(screen.queryByText('Getting Started')).toBeNull();
    expect(screen.queryByText('Random Joke')).toBeNull();
    expect(screen.queryByText('Most Visited')).toBeNull();
  });
});
