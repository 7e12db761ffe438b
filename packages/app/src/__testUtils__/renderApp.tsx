import { render } from '@testing-library/react';
import App from '../App';

/**
 * The features `app.packages: all` makes the build discover: every
 * frontend-plugin dependency, and its `/alpha` entry point when it has one
 * (what `backstage-cli` writes into the bundle). Jest has no bundler, so the
 * test finds them the same way.
 */
function discoverPackages() {
  const { dependencies } = require('../../package.json');
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

/** Renders the whole app, as the build does, with these sign-in providers configured. */
export function renderApp(providers: string[]) {
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
          groundwork: { signIn: { providers } },
        },
        context: 'test',
      },
    ] as any,
  };
  (window as any)['__@backstage/discovered__'] = {
    modules: discoverPackages(),
  };
  render(App.createRoot());
}
