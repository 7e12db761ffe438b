import { ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import path from 'node:path';
import { describePortal } from './describePortal';

const ROOT = path.resolve(__dirname, '../../../..');

/** The repository's config files, loaded the way the backend loads them. */
async function load(files: string[], env: Record<string, string> = {}) {
  const source = ConfigSources.defaultForTargets({
    rootDir: ROOT,
    targets: files.map(f => ({
      type: 'path' as const,
      target: path.join(ROOT, f),
    })),
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

const PRODUCTION_ENV = {
  APP_BASE_URL: 'https://portal.example.com',
  BACKSTAGE_API_TOKEN: 'a'.repeat(32),
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  AUTH_GITHUB_CLIENT_ID: 'id',
  AUTH_GITHUB_CLIENT_SECRET: 'secret',
  GROUNDWORK_ADMIN_GROUP: 'group:default/platform-admins',
  GROUNDWORK_APPROVER_GROUP: 'group:default/security-approvers',
};

describe('describePortal', () => {
  it('describes the embedded default: guest sign-in, the demo catalog, the demo groups', async () => {
    const config = await load(['app-config.yaml']);
    const portal = describePortal(config, 'development');
    expect(portal.guestConfigured).toBe(true);
    expect(portal.line).toContain('sign-in providers: guest;');
    expect(portal.line).toContain('file ../../examples/org.yaml');
    expect(portal.line).toContain(
      'file ../../templates/*/template.yaml; permission policy groups: administrators group:default/platform,',
    );
  });

  it('describes production: GitHub only, templates only, the groups from the environment', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      PRODUCTION_ENV,
    );
    const portal = describePortal(config, 'production');
    expect(portal.guestConfigured).toBe(false);
    expect(portal.line).toBe(
      'Groundwork portal (NODE_ENV=production): sign-in providers: github; ' +
        'catalog locations: file ./templates/*/template.yaml; ' +
        'permission policy groups: administrators group:default/platform-admins, ' +
        'approvers group:default/security-approvers, production group:default/platform-admins.',
    );
  });

  it('names an optional production group next to the administrators', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      { ...PRODUCTION_ENV, GROUNDWORK_PRODUCTION_GROUP: 'sre' },
    );
    expect(describePortal(config, 'production').line).toContain(
      'production group:default/sre, group:default/platform-admins.',
    );
  });

  it('production keeps none of the embedded default’s demo settings', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      PRODUCTION_ENV,
    );
    expect(config.has('auth.providers.guest')).toBe(false);
    expect(
      config
        .getConfigArray('catalog.locations')
        .map(l => l.getString('target')),
    ).toEqual(['./templates/*/template.yaml']);
    // The demo organisation's groups and access repository.
    expect(JSON.stringify(config.get())).not.toMatch(
      /group:default\/(platform|security)(?![\w-])|groundwork-demo\/platform-access/,
    );
    expect(config.getBoolean('platformStatus.examples.enabled')).toBe(false);
    expect(config.getStringArray('groundwork.signIn.providers')).toEqual([
      'github',
    ]);
  });

  it('gives the automation token read access only, and no shared secret', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      PRODUCTION_ENV,
    );
    const access = config.getConfigArray('backend.auth.externalAccess');
    expect(access.map(a => a.getString('type'))).toEqual(['static']);
    expect(access[0].get('accessRestrictions')).toEqual([
      { plugin: 'catalog', permissionAttribute: { action: ['read'] } },
      { plugin: 'platform-status', permissionAttribute: { action: ['read'] } },
    ]);
  });

  it('says when a configured guest provider will refuse to sign anyone in', () => {
    const config = new ConfigReader({ auth: { providers: { guest: {} } } });
    expect(describePortal(config, 'production').line).toContain(
      'sign-in providers: guest (refuses to sign anyone in: NODE_ENV is production);',
    );
    expect(describePortal(config, 'development').line).toContain(
      'sign-in providers: guest;',
    );
  });

  it('says when nobody can sign in and when permissions are off', () => {
    const line = describePortal(new ConfigReader({}), 'production').line;
    expect(line).toContain('sign-in providers: none (nobody can sign in);');
    expect(line).toContain('catalog locations: none;');
    expect(line).toContain(
      'permission policy groups: permissions disabled (every request is allowed).',
    );
  });
});
