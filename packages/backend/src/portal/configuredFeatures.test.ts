import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import authPlugin from '@backstage/plugin-auth-backend';
import githubProvider from '@backstage/plugin-auth-backend-module-github-provider';
import request from 'supertest';
import { configuredPortalFeatures } from './configuredFeatures';

const embeddedDefault = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
  auth: { providers: { guest: {} } },
  permission: { enabled: true },
  groundwork: { permissions: { adminGroups: ['group:default/platform'] } },
};

/**
 * app-config.yaml, then app-config.production.yaml's answer to its guest
 * provider, layered as the backend layers config files.
 */
const production = configFiles([
  { data: embeddedDefault, context: 'app-config.yaml' },
  {
    data: {
      auth: {
        environment: 'production',
        providers: {
          guest: null,
          github: {
            production: { clientId: 'id', clientSecret: 'secret' },
          },
        },
      },
    },
    context: 'app-config.production.yaml',
  },
]);

function configFiles(files: { data: object; context: string }[]) {
  return createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => ConfigReader.fromConfigs(files as any),
  });
}

async function startAuth(
  config: ReturnType<typeof configFiles>,
  logs: string[] = [],
) {
  // Every logger, root or plugin, records what it says at info level.
  const logger: any = {
    info: (message: string) => logs.push(message),
    warn: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      githubProvider,
      configuredPortalFeatures,
      config,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
    ],
  });
  return server;
}

const guestRefresh = (server: Parameters<typeof request>[0]) =>
  request(server)
    .get('/api/auth/guest/refresh')
    .query({ env: 'production' })
    .set('X-Requested-With', 'XMLHttpRequest');

describe('configuredPortalFeatures', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('installs no guest provider when production removes it: nobody gets a guest token', async () => {
    const logs: string[] = [];
    const server = await startAuth(production, logs);
    const res = await guestRefresh(server);
    expect(res.status).toBe(404);
    expect(res.body.backstageIdentity).toBeUndefined();
    expect(res.body.error.message).toMatch(/guest/);
    expect(logs.find(l => l.startsWith('Groundwork portal'))).toMatch(
      /sign-in providers: github;/,
    );
  });

  it('signs in a guest in development, as the embedded default does', async () => {
    process.env.NODE_ENV = 'development';
    const server = await startAuth(
      configFiles([{ data: embeddedDefault, context: 'app-config.yaml' }]),
    );
    const res = await guestRefresh(server);
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.token).toEqual(expect.any(String));
  });

  it('refuses guest sign-in outside development even where a team leaves it configured', async () => {
    process.env.NODE_ENV = 'production';
    const logs: string[] = [];
    const server = await startAuth(
      configFiles([{ data: embeddedDefault, context: 'app-config.yaml' }]),
      logs,
    );
    const res = await guestRefresh(server);
    expect(res.status).toBe(403);
    expect(res.body.backstageIdentity).toBeUndefined();
    expect(logs.find(l => l.startsWith('Groundwork portal'))).toMatch(
      /sign-in providers: guest \(refuses to sign anyone in: NODE_ENV is production\);/,
    );
  });
});
