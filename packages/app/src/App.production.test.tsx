import { screen } from '@testing-library/react';
import { renderApp } from './__testUtils__/renderApp';

jest.setTimeout(60_000);

// Its own file: the app keeps who signed in for the life of the module, so
// this test must not run after one that signed in as a guest.
describe('App in production', () => {
  it('offers GitHub sign-in and no way in as a guest when production lists GitHub only', async () => {
    // A browser that signed in as a guest to the embedded default before.
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    localStorage.setItem('enableLegacyGuestToken', 'true');
    renderApp(['github']);

    expect(
      await screen.findByText('GitHub', undefined, { timeout: 30_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /sign in/i })).toBeEnabled();
    expect(screen.queryByText(/guest/i)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('navigation', { name: 'sidebar nav' }),
    ).not.toBeInTheDocument();
  });
});
