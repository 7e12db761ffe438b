import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { GitHubStandIn } from '@groundwork/stand-in-test-utils';

/**
 * One world for the tests: three environments on three clouds (so every
 * IAM renderer runs), a catalog with a team, a manager and an approver,
 * and a GitHub organization that mirrors it.
 */
export const ORG = 'acme';
export const TOKEN = 'ghs_persona_test_token';

export function environmentsConfig() {
  return {
    currency: 'USD',
    environments: [
      { name: 'dev', cloud: { provider: 'aws', account: '111111111111' } },
      { name: 'staging', cloud: { provider: 'gcp', account: 'acme-staging' } },
      {
        name: 'prod',
        production: true,
        cloud: {
          provider: 'azure',
          account: '00000000-0000-0000-0000-000000000003',
        },
      },
    ],
  };
}

export function personaConfig(overrides: object = {}) {
  return {
    github: { host: 'github.test', organization: ORG },
    ...overrides,
  };
}

export function appConfig(
  githubApiUrl: string,
  persona: object = personaConfig(),
) {
  return {
    groundwork: { ...environmentsConfig(), persona },
    integrations: {
      github: [{ host: 'github.test', apiBaseUrl: githubApiUrl, token: TOKEN }],
    },
  };
}

export function configReader(githubApiUrl: string, persona?: object) {
  return new ConfigReader(appConfig(githubApiUrl, persona));
}

function group(name: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(annotations && { annotations }),
    },
    spec: { type: 'team', children: [] },
  };
}

function user(name: string, memberOf: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    // What the catalog's processing derives from spec.memberOf.
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** Entities as the catalog serves them (relations included). */
export function catalogEntities(): Entity[] {
  return [
    group('payments', { 'github.com/team-slug': `${ORG}/payments-team` }),
    group('security'),
    group('platform'),
    user('grace.hopper', ['payments']),
    user('radia.perlman', ['security']),
    user('linus.torvalds', ['platform']),
    user('mock', ['payments']),
  ];
}

/** The GitHub side: the organization, its teams, and the people on GitHub. */
export function seedGitHub(standIn: GitHubStandIn) {
  const { state } = standIn;
  state.addOrg({ login: ORG });
  state.addTeam(ORG, { name: 'payments-team' });
  state.addTeam(ORG, { name: 'security' });
  state.addTeam(ORG, { name: 'platform' });
  state.addUser({ login: 'Ada-L', name: 'Ada Lovelace' });
  state.addUser({ login: 'grace-h', name: 'Grace Hopper' });
  state.setTeamMember(ORG, 'payments-team', 'grace-h', { role: 'maintainer' });
}

export const ADA = {
  name: 'Ada Lovelace',
  email: 'ada@acme.dev',
  githubLogin: 'Ada-L',
};
