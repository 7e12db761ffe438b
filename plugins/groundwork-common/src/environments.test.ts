import { ConfigReader } from '@backstage/config';
import {
  readGroundworkEnvironments,
  serviceArgocdPlacement,
  teamProjectName,
} from './environments';

describe('readGroundworkEnvironments', () => {
  it('falls back to dev, staging and prod in that order', () => {
    const envs = readGroundworkEnvironments(new ConfigReader({}));
    expect(envs.environments.map(e => [e.name, e.order, e.production])).toEqual(
      [
        ['dev', 0, false],
        ['staging', 1, false],
        ['prod', 2, true],
      ],
    );
    expect(envs.currency).toBe('USD');
  });

  it('reads configured environments and names the valid ones on a miss', () => {
    const envs = readGroundworkEnvironments(
      new ConfigReader({
        groundwork: {
          currency: 'EUR',
          environments: [
            { name: 'dev', monthlyBudget: 100 },
            {
              name: 'prod',
              production: true,
              cloud: {
                provider: 'aws',
                account: '123456789012',
                region: 'eu-west-1',
              },
            },
          ],
        },
      }),
    );
    expect(envs.get('prod')).toMatchObject({
      order: 1,
      production: true,
      cloud: { account: '123456789012' },
    });
    expect(envs.find('dev')?.monthlyBudget).toBe(100);
    expect(() => envs.get('qa')).toThrow(
      'Unknown environment "qa"; configured environments are dev, prod',
    );
  });

  it("reads a GCP environment's billing account, and refuses one on another cloud or misspelt", () => {
    const read = (cloud: Record<string, string>) =>
      readGroundworkEnvironments(
        new ConfigReader({
          groundwork: { environments: [{ name: 'lab', cloud }] },
        }),
      );
    expect(
      read({
        provider: 'gcp',
        account: 'acme-lab',
        billingAccount: '01ABCD-23EF45-6789AB',
      }).get('lab').cloud,
    ).toEqual({
      provider: 'gcp',
      account: 'acme-lab',
      region: undefined,
      billingAccount: '01ABCD-23EF45-6789AB',
    });
    expect(() =>
      read({
        provider: 'aws',
        account: '123456789012',
        billingAccount: '01ABCD-23EF45-6789AB',
      }),
    ).toThrow(/cloud.billingAccount is a GCP billing account id .* on aws/);
    expect(() =>
      read({ provider: 'gcp', account: 'acme-lab', billingAccount: 'acme' }),
    ).toThrow(/got "acme" on gcp/);
  });

  it('refuses names that cannot be label values, duplicates and negative budgets', () => {
    const read = (environments: unknown[]) => () =>
      readGroundworkEnvironments(
        new ConfigReader({ groundwork: { environments } } as any),
      );
    expect(read([{ name: 'Prod EU' }])).toThrow(/must be lower-case letters/);
    expect(read([{ name: 'dev' }, { name: 'dev' }])).toThrow(
      /lists "dev" twice/,
    );
    expect(read([{ name: 'dev', monthlyBudget: -1 }])).toThrow(/at least 0/);
  });

  it('reads how each environment gets its delivery, central unless configured', () => {
    const envs = readGroundworkEnvironments(
      new ConfigReader({
        groundwork: {
          environments: [
            { name: 'dev' },
            { name: 'lab', delivery: { mode: 'in-cluster' } },
            {
              name: 'prod',
              delivery: {
                mode: 'central',
                awsRoleArn: 'arn:aws:iam::123456789012:role/argocd',
              },
            },
          ],
        },
      }),
    );
    expect(envs.environments.map(e => e.delivery)).toEqual([
      { mode: 'central' },
      { mode: 'in-cluster' },
      { mode: 'central', awsRoleArn: 'arn:aws:iam::123456789012:role/argocd' },
    ]);
    expect(() =>
      readGroundworkEnvironments(
        new ConfigReader({
          groundwork: {
            environments: [{ name: 'dev', delivery: { mode: 'push' } }],
          },
        }),
      ),
    ).toThrow('delivery.mode must be in-cluster or central, got "push"');
  });

  it("reads each environment's DNS zone and refuses one that is not a lower-case DNS name", () => {
    const read = (environments: unknown[]) =>
      readGroundworkEnvironments(
        new ConfigReader({ groundwork: { environments } } as any),
      );
    const envs = read([
      { name: 'dev', dnsZone: 'dev.example.com' },
      { name: 'prod', production: true },
    ]);
    expect(envs.get('dev').dnsZone).toBe('dev.example.com');
    expect('dnsZone' in envs.get('prod')).toBe(false);
    for (const zone of [
      'Dev.Example.com',
      'example',
      '.example.com',
      'dev.example.com.',
      'a b.example.com',
      'x"\n: y.example.com',
      `${'a'.repeat(64)}.example.com`,
    ]) {
      expect(() => read([{ name: 'dev', dnsZone: zone }])).toThrow(
        /dnsZone .* must be a DNS zone in lower case/,
      );
    }
  });
});

describe('serviceArgocdPlacement', () => {
  const envs = [
    { name: 'dev', title: 'Dev', order: 0, production: false },
    {
      name: 'staging',
      title: 'Staging',
      order: 1,
      production: false,
      delivery: { mode: 'in-cluster' as const },
    },
    {
      name: 'prod',
      title: 'Prod',
      order: 2,
      production: true,
      argocdInstance: 'prod',
      delivery: { mode: 'central' as const },
    },
  ];

  const place = (e: (typeof envs)[number], pattern = '{team}-{environment}') =>
    serviceArgocdPlacement({
      environment: e,
      namespace: 'ledger',
      team: 'payments',
      projectPattern: pattern,
    });

  it('targets the registered cluster in central mode, the own cluster in-cluster', () => {
    expect(place(envs[0]).destination).toEqual({
      name: 'platform-dev',
      namespace: 'ledger',
    });
    expect(place(envs[1]).destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'ledger',
    });
  });

  it("puts the service in its team's project of the environment, allowing its own destination", () => {
    expect(place(envs[2])).toEqual({
      destination: { name: 'platform-prod', namespace: 'ledger' },
      project: 'payments-prod',
      projectDestinations: [{ name: 'platform-prod', namespace: 'ledger' }],
    });
    expect(place(envs[0], 'team-{team}').project).toBe('team-payments');
    // A Group name is not always an object name; the project's must be.
    expect(
      teamProjectName('{team}-{environment}', 'Payments.Core_team', 'dev'),
    ).toBe('payments-core-team-dev');
  });
});
