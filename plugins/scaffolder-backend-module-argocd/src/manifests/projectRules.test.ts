import { mergeProjectSpec } from './projectRules';

const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The team project as the first service (payments) left it, with what admins added. */
const teamProject = () => ({
  description: 'Payments team, dev',
  sourceRepos: ['https://github.com/acme/payments'],
  destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
  clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
  namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
  roles: [
    {
      name: 'deployers',
      policies: [
        'p, proj:payments-dev:deployers, applications, sync, payments-dev/*, allow',
      ],
      groups: ['acme:payments'],
    },
  ],
});

describe('mergeProjectSpec', () => {
  it('adds what the project lacks after what it has, and keeps everything else as it is', () => {
    const existing = teamProject();
    const { spec, added } = mergeProjectSpec(
      existing,
      {
        description: 'Ledger service',
        sourceRepos: [
          'https://github.com/acme/ledger',
          'https://github.com/acme/payments',
          'https://github.com/acme/ledger-config',
        ],
        destinations: [{ server: IN_CLUSTER, namespace: 'ledger-dev' }],
        clusterResourceWhitelist: [
          { group: '', kind: 'Namespace' },
          { group: 'cert-manager.io', kind: 'ClusterIssuer' },
        ],
        sourceNamespaces: ['team-payments'],
      },
      'payments-dev',
      'instance "dev"',
    );
    expect(spec).toEqual({
      ...teamProject(),
      sourceRepos: [
        'https://github.com/acme/payments',
        'https://github.com/acme/ledger',
        'https://github.com/acme/ledger-config',
      ],
      destinations: [
        { server: IN_CLUSTER, namespace: 'payments-dev' },
        { server: IN_CLUSTER, namespace: 'ledger-dev' },
      ],
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      ],
      sourceNamespaces: ['team-payments'],
    });
    expect(added).toEqual([
      'sourceRepos: https://github.com/acme/ledger',
      'sourceRepos: https://github.com/acme/ledger-config',
      `destinations: server ${IN_CLUSTER} namespace ledger-dev`,
      'clusterResourceWhitelist: cert-manager.io/ClusterIssuer',
      'sourceNamespaces: team-payments',
    ]);
    // The input is not changed: a retry merges again from what it read.
    expect(existing).toEqual(teamProject());
  });

  it('adds nothing that is there already, and nothing twice', () => {
    const { spec, added } = mergeProjectSpec(
      teamProject(),
      {
        sourceRepos: [
          'https://github.com/acme/payments',
          'https://github.com/acme/ledger',
          'https://github.com/acme/ledger',
        ],
        // The same destination with its fields in another order is the same entry.
        destinations: [
          { namespace: 'payments-dev', server: IN_CLUSTER },
          { server: IN_CLUSTER, namespace: 'ledger-dev' },
          { namespace: 'ledger-dev', server: IN_CLUSTER },
        ],
        clusterResourceWhitelist: [{ kind: 'Namespace', group: '' }],
      },
      'payments-dev',
      'instance "dev"',
    );
    expect(spec.sourceRepos).toEqual([
      'https://github.com/acme/payments',
      'https://github.com/acme/ledger',
    ]);
    expect(spec.destinations).toEqual([
      { server: IN_CLUSTER, namespace: 'payments-dev' },
      { server: IN_CLUSTER, namespace: 'ledger-dev' },
    ]);
    expect(spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' },
    ]);
    expect(added).toHaveLength(2);
  });

  it('tells destinations apart as Argo CD does: by server and namespace, or name and namespace without a server', () => {
    const { added } = mergeProjectSpec(
      {
        destinations: [
          { server: IN_CLUSTER, name: 'in-cluster', namespace: 'payments-dev' },
        ],
      },
      {
        destinations: [
          { name: 'in-cluster', namespace: 'payments-dev' },
          { server: 'https://prod.example.com', namespace: 'payments-dev' },
          // Argo CD would refuse this one as "already added".
          { server: IN_CLUSTER, namespace: 'payments-dev' },
        ],
      },
      'payments-dev',
      'instance "dev"',
    );
    expect(added).toEqual([
      'destinations: name in-cluster namespace payments-dev',
      'destinations: server https://prod.example.com namespace payments-dev',
    ]);
  });

  it('reports nothing added, and returns the spec as it was, when nothing is missing', () => {
    const existing = teamProject();
    const result = mergeProjectSpec(
      existing,
      {
        sourceRepos: ['https://github.com/acme/payments'],
        destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
      },
      'payments-dev',
      'instance "dev"',
    );
    expect(result).toEqual({ spec: existing, added: [] });
  });

  it('fills lists an existing project does not have yet', () => {
    const { spec } = mergeProjectSpec(
      undefined,
      { sourceRepos: ['https://github.com/acme/payments'] },
      'payments-dev',
      'instance "dev"',
    );
    expect(spec).toEqual({ sourceRepos: ['https://github.com/acme/payments'] });
  });

  it('refuses to blacklist a kind the shared project does not, saying what to do', () => {
    const merge = () =>
      mergeProjectSpec(
        teamProject(),
        {
          sourceRepos: ['https://github.com/acme/ledger'],
          namespaceResourceBlacklist: [
            { group: '', kind: 'ResourceQuota' },
            { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
          ],
        },
        'payments-dev',
        'instance "dev"',
      );
    expect(merge).toThrow(
      expect.objectContaining({
        name: 'ConflictError',
        message: expect.stringContaining(
          'projectSpec.namespaceResourceBlacklist asks to blacklist networking.k8s.io/NetworkPolicy in the Argo CD project "payments-dev" on instance "dev", which does not blacklist it.',
        ),
      }),
    );
    expect(merge).toThrow(
      /Remove namespaceResourceBlacklist from the step \(or list only kinds the project blacklists already\)/,
    );
    // A kind it blacklists already is no tightening.
    expect(
      mergeProjectSpec(
        teamProject(),
        { namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }] },
        'payments-dev',
        'instance "dev"',
      ).added,
    ).toEqual([]);
  });
});
