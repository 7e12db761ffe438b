import { ConfigReader } from '@backstage/config';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { stringify } from 'yaml';
import { loadPersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { desiredMemberships } from './desired';

const config = new ConfigReader({});
const catalogue = loadPersonaCatalogue(
  config,
  readGroundworkEnvironments(config).environments,
);

const user = (
  login: unknown,
  persona: string,
  memberOf: string[],
  extra: Record<string, string> = {},
) =>
  stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: 'x',
      annotations: {
        'github.com/user-login': login,
        'groundwork.dev/persona': persona,
        ...extra,
      },
    },
    spec: { memberOf },
  });

describe('desiredMemberships', () => {
  it("asks for each person's persona teams in the managed teams, with the Group's GitHub slug and the strongest role", async () => {
    const { memberships, ignored } = await desiredMemberships({
      files: new Map([
        [
          'catalog/users/Ada-L.yaml',
          user('Ada-L', 'developer', ['group:default/payments']),
        ],
        [
          'catalog/users/grace.yaml',
          user('Grace-H', 'sre', ['group:default/payments']),
        ],
      ]),
      catalogue,
      managedTeams: ['payments-team'],
      teamSlugOf: async ref =>
        ref === 'group:default/payments' ? 'payments-team' : 'other',
    });
    expect(ignored).toEqual([]);
    expect(memberships).toEqual([
      {
        team: 'payments-team',
        login: 'ada-l',
        role: 'member',
        path: 'catalog/users/Ada-L.yaml',
        persona: 'developer',
        user: 'user:default/x',
      },
      {
        team: 'payments-team',
        login: 'grace-h',
        role: expect.stringMatching(/^(member|maintainer)$/),
        path: 'catalog/users/grace.yaml',
        persona: 'sre',
        user: 'user:default/x',
      },
    ]);
  });

  it('asks for nothing for an offboarded (marked) person, and reports what it cannot read', async () => {
    const { memberships, ignored } = await desiredMemberships({
      files: new Map([
        [
          'catalog/users/gone.yaml',
          user('Gone', 'developer', [], {
            'groundwork.dev/offboarded': '2026-12-31',
          }),
        ],
        ['catalog/users/bad.yaml', user('-bad-', 'developer', ['payments'])],
        [
          'catalog/users/who.yaml',
          user('Who', 'wizard', ['group:default/payments']),
        ],
        ['catalog/users/group.yaml', 'kind: Group\n'],
        ['catalog/users/junk.yaml', ': : :'],
        [
          'catalog/users/elsewhere.yaml',
          user('Else', 'developer', ['group:default/platform']),
        ],
      ]),
      catalogue,
      managedTeams: ['payments'],
      teamSlugOf: async ref => ref.split('/').pop()!,
    });
    expect(memberships).toEqual([]);
    expect(ignored).toEqual([
      {
        path: 'catalog/users/bad.yaml',
        reason: 'no valid github.com/user-login',
      },
      {
        path: 'catalog/users/elsewhere.yaml',
        reason:
          'team platform is not managed by Groundwork (groundwork.persona.access.github.teams)',
      },
      { path: 'catalog/users/group.yaml', reason: 'not a User entity' },
      { path: 'catalog/users/junk.yaml', reason: 'not YAML' },
      { path: 'catalog/users/who.yaml', reason: 'unknown persona "wizard"' },
    ]);
  });
});
