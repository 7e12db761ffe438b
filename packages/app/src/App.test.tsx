import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';

/**
 * The features `app.packages: all` makes the build discover: every
 * frontend-plugin dependency, and its `/alpha` entry point when it has one
 * (what `backstage-cli` writes into the bundle). Jest has no bundler, so the
 * test finds them the same way.
 */
function discoverPackages() {
  const { dependencies } = require('../package.json');
  return Object.keys(dependencies).flatMap(name => {
    const pkg = require(`${name}/package.json`);
    if (
      !['frontend-plugin', 'frontend-plugin-module'].includes(
        pkg.backstage?.role,
      )
    ) {
      return [];
    }
    const modules = [{ name, default: require(name).default }];
    if (pkg.exports && './alpha' in pkg.exports) {
      modules.push({ name, default: require(`${name}/alpha`).default });
    }
    return modules;
  });
}

jest.setTimeout(60_000);

describe('App', () => {
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', packages: 'all' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
    (window as any)['__@backstage/discovered__'] = {
      modules: discoverPackages(),
    };
    // No auth backend runs in this test: come back as a guest who chose the
    // sign-in page's local guest token, so the app signs in by itself.
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    localStorage.setItem('enableLegacyGuestToken', 'true');
  });

  it('signs in and opens the platform-status portfolio from the navigation', async () => {
    render(App.createRoot());

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
