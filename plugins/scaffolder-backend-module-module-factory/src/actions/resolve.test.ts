import type { JsonObject } from '@backstage/types';
import yaml from 'yaml';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readModuleFactoryConfig } from '../config';
import { environmentsConfig } from '../__testUtils__/workspace';
import { createModuleFactoryResolveAction } from './resolve';
import { examples } from './resolve.examples';

describe('module-factory:resolve', () => {
  const factory = readModuleFactoryConfig(
    new ConfigReader({
      moduleFactory: {
        repository: 'https://github.com/acme/terraform-modules',
        versions: {
          'aws-baseline': '1.0.0',
          'aws-service': '1.1.0',
          'aws-database': '2.0.3',
          'aws-network': '1.4.0',
        },
      },
    }),
  );
  const action = createModuleFactoryResolveAction({
    config: environmentsConfig,
    factory,
  });
  const run = async (input: JsonObject) => {
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it('builds pinned git sources from moduleFactory', async () => {
    const out = await run({ modules: ['aws-baseline', 'aws-database'] });
    expect(out.sources).toEqual({
      'aws-baseline':
        'git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v1.0.0',
      'aws-database':
        'git::https://github.com/acme/terraform-modules.git//aws-database?ref=aws-database/v2.0.3',
    });
    expect(out.repository).toBe('https://github.com/acme/terraform-modules');
  });

  it('gives the chosen environments in configured order with budgets, cloud and the first one marked', async () => {
    const out = await run({
      environments: ['prod', 'dev'],
      cloud: 'aws',
      budgets: { dev: 150 },
    });
    expect(out.environmentNames).toEqual(['dev', 'prod']);
    expect(out.environments).toEqual([
      {
        name: 'dev',
        title: 'Development',
        production: false,
        first: true,
        monthlyBudget: 150,
        budgetSource: 'form',
        delivery: { mode: 'central' },
        dnsZone: 'dev.example.com',
        cloud: {
          provider: 'aws',
          account: '111111111111',
          region: 'us-east-1',
        },
      },
      {
        name: 'prod',
        title: 'Production',
        production: true,
        first: false,
        monthlyBudget: 5000,
        budgetSource: 'config',
        argocdInstance: 'prod',
        delivery: {
          mode: 'central',
          awsRoleArn: 'arn:aws:iam::999999999999:role/argocd-central',
        },
        dnsZone: 'example.com',
        cloud: {
          provider: 'aws',
          account: '333333333333',
          region: 'eu-west-1',
        },
      },
    ]);
    expect(out.currency).toBe('USD');
  });

  it('applies one budget outside production and another in production, per-environment ones first', async () => {
    const out = await run({
      environments: ['dev', 'staging', 'prod'],
      cloud: 'aws',
      budget: 120,
      productionBudget: 900,
      budgets: { staging: 200 },
    });
    expect(
      out.environments.map((e: any) => [
        e.name,
        e.monthlyBudget,
        e.budgetSource,
      ]),
    ).toEqual([
      ['dev', 120, 'form'],
      ['staging', 200, 'form'],
      ['prod', 900, 'form'],
    ]);
  });

  it('refuses modules without a pin, naming the pinned ones', async () => {
    await expect(run({ modules: ['aws-eks'] })).rejects.toThrow(
      'No version is pinned for aws-eks: add them to moduleFactory.versions in app-config (pinned now: aws-baseline, aws-service, aws-database, aws-network).',
    );
  });

  it('refuses environments on another cloud, without a budget, or unknown', async () => {
    await expect(run({ environments: ['lab'], cloud: 'aws' })).rejects.toThrow(
      'Environment "lab" runs on gcp, but this template renders aws infrastructure',
    );
    await expect(
      run({ environments: ['staging'], cloud: 'aws' }),
    ).rejects.toThrow(/"staging" has no monthly budget/);
    await expect(
      run({
        environments: ['staging'],
        cloud: 'aws',
        budgets: { staging: 300 },
      }),
    ).resolves.toMatchObject({
      environmentNames: ['staging'],
    });
    await expect(run({ environments: ['qa'] })).rejects.toThrow(
      /Unknown environment "qa"/,
    );
    await expect(
      run({ environments: ['dev'], budgets: { prod: 1 } }),
    ).rejects.toThrow(
      /Budgets were given for prod, which is not among the chosen environments/,
    );
  });

  it('renders {cloud} modules for the one cloud the chosen environments share, and says which', async () => {
    const gcpFactory = readModuleFactoryConfig(
      new ConfigReader({
        moduleFactory: {
          repository: 'https://github.com/acme/terraform-modules',
          versions: { 'aws-service': '1.1.0', 'gcp-service': '1.0.0' },
        },
      }),
    );
    const gcpRun = async (input: JsonObject) => {
      const ctx = createMockActionContext({ input });
      await createModuleFactoryResolveAction({
        config: environmentsConfig,
        factory: gcpFactory,
      }).handler(ctx as any);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    const lab = await gcpRun({
      modules: ['{cloud}-service'],
      environments: ['lab'],
      budget: 100,
    });
    expect(lab.cloud).toBe('gcp');
    expect(lab.sources).toEqual({
      'gcp-service':
        'git::https://github.com/acme/terraform-modules.git//gcp-service?ref=gcp-service/v1.0.0',
    });
    expect(lab.environments[0].cloud).toEqual({
      provider: 'gcp',
      account: 'acme-lab',
      region: 'europe-west1',
      billingAccount: '01ABCD-23EF45-6789AB',
    });
    const dev = await gcpRun({
      modules: ['{cloud}-service'],
      environments: ['dev'],
      budget: 100,
    });
    expect(dev.cloud).toBe('aws');
    expect(Object.keys(dev.sources)).toEqual(['aws-service']);
    await expect(
      gcpRun({
        modules: ['{cloud}-service'],
        environments: ['dev', 'lab'],
        budget: 100,
      }),
    ).rejects.toThrow(
      'The chosen environments must share one cloud, whose modules this template renders: dev (aws), lab (gcp). Choose environments on one cloud.',
    );
    await expect(
      createModuleFactoryResolveAction({
        config: new ConfigReader({
          groundwork: {
            environments: [
              {
                name: 'lab',
                monthlyBudget: 100,
                cloud: { provider: 'gcp', account: 'acme-lab', region: 'x1' },
              },
            ],
          },
        }),
        factory: readModuleFactoryConfig(
          new ConfigReader({
            moduleFactory: {
              repository: 'https://github.com/acme/terraform-modules',
              versions: { 'gcp-baseline': '1.0.0' },
            },
          }),
        ),
      }).handler(
        createMockActionContext({
          input: { modules: ['{cloud}-baseline'], environments: ['lab'] },
        }) as any,
      ),
    ).rejects.toThrow(
      'groundwork.environments entry "lab" has no cloud.billingAccount: a GCP budget belongs to a billing account',
    );
    // Without {cloud}, environments on several clouds are fine (no infrastructure).
    const mixed = await gcpRun({ environments: ['dev', 'lab'] });
    expect(mixed.cloud).toBeUndefined();
    expect(mixed.environmentNames).toEqual(['dev', 'lab']);
  });

  it("resolves a cloud's own modules on that cloud only, so another cloud needs no pin for them", async () => {
    const queueFactory = readModuleFactoryConfig(
      new ConfigReader({
        moduleFactory: {
          repository: 'https://github.com/acme/terraform-modules',
          versions: {
            'aws-service': '1.1.0',
            'aws-queue': '1.0.0',
            'gcp-service': '1.0.0',
          },
        },
      }),
    );
    const queueRun = async (input: JsonObject) => {
      const ctx = createMockActionContext({ input });
      await createModuleFactoryResolveAction({
        config: environmentsConfig,
        factory: queueFactory,
      }).handler(ctx as any);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    const input = {
      modules: ['{cloud}-service'],
      cloudModules: { aws: ['aws-queue'] },
      budget: 100,
    };
    const dev = await queueRun({ ...input, environments: ['dev'] });
    expect(dev.sources).toEqual({
      'aws-service':
        'git::https://github.com/acme/terraform-modules.git//aws-service?ref=aws-service/v1.1.0',
      'aws-queue':
        'git::https://github.com/acme/terraform-modules.git//aws-queue?ref=aws-queue/v1.0.0',
    });
    expect(dev.versions).toEqual({
      'aws-service': '1.1.0',
      'aws-queue': '1.0.0',
    });
    // On GCP the queue module is left out, not refused as unpinned.
    const lab = await queueRun({ ...input, environments: ['lab'] });
    expect(Object.keys(lab.sources)).toEqual(['gcp-service']);
    // A cloud's own module that is not pinned is refused like any other.
    await expect(
      queueRun({
        ...input,
        cloudModules: { gcp: ['gcp-queue'] },
        environments: ['lab'],
      }),
    ).rejects.toThrow('No version is pinned for gcp-queue');
    // It needs one cloud, as {cloud} does.
    await expect(
      queueRun({
        cloudModules: { aws: ['aws-queue'] },
        environments: ['dev', 'lab'],
        budget: 100,
      }),
    ).rejects.toThrow('The chosen environments must share one cloud');
  });

  it("gives a public service a host name in each environment's own zone, production's own name if given", async () => {
    const hosts = async (input: JsonObject) =>
      (await run({ environments: ['dev', 'prod'], ...input })).environments.map(
        (e: any) => [e.name, e.hostname],
      );
    expect(
      await hosts({ exposure: 'public', service: 'payments-api' }),
    ).toEqual([
      ['dev', 'payments-api.dev.example.com'],
      ['prod', 'payments-api.example.com'],
    ]);
    expect(
      await hosts({
        exposure: 'public',
        service: 'payments-api',
        productionHostname: 'pay.example.com',
      }),
    ).toEqual([
      ['dev', 'payments-api.dev.example.com'],
      ['prod', 'pay.example.com'],
    ]);
    // An empty production host name is none (the template sends '' for internal services).
    expect(
      await hosts({
        exposure: 'public',
        service: 'payments-api',
        productionHostname: '',
      }),
    ).toEqual([
      ['dev', 'payments-api.dev.example.com'],
      ['prod', 'payments-api.example.com'],
    ]);
    // Internal services have no host name anywhere.
    expect(
      await hosts({ exposure: 'internal', service: 'payments-api' }),
    ).toEqual([
      ['dev', undefined],
      ['prod', undefined],
    ]);
  });

  it('refuses host names it cannot serve: no zone, outside the zone, not a DNS name', async () => {
    await expect(
      run({
        environments: ['dev', 'staging'],
        exposure: 'public',
        service: 'payments-api',
      }),
    ).rejects.toThrow(
      /staging has none: set groundwork.environments\[\].dnsZone/,
    );
    await expect(
      run({
        environments: ['prod'],
        exposure: 'public',
        service: 'payments-api',
        productionHostname: 'payments.example.org',
      }),
    ).rejects.toThrow(
      "The production host name payments.example.org is outside prod's DNS zone example.com",
    );
    for (const productionHostname of [
      'x"\n  evil: true',
      'Payments.Example.com',
      'payments',
    ]) {
      await expect(
        run({
          environments: ['prod'],
          exposure: 'public',
          service: 'payments-api',
          productionHostname,
        }),
      ).rejects.toThrow(/is not a host name/);
    }
    for (const service of ['', 'x${file}', 'a.b', 'Payments', 'x\ny: z']) {
      await expect(
        run({ environments: ['dev'], exposure: 'public', service }),
      ).rejects.toThrow(/cannot lead a host name/);
    }
  });

  it("places a service on each environment's cluster, in its team's project there", async () => {
    const out = await run({
      environments: ['dev', 'prod'],
      service: 'payments-api',
      owner: 'group:default/payments',
    });
    const [dev, prod] = out.environments;
    expect(dev.argocd).toEqual({
      destination: { name: 'platform-dev', namespace: 'payments-api' },
      project: 'payments-dev',
      projectDestinations: [
        { name: 'platform-dev', namespace: 'payments-api' },
      ],
    });
    expect(prod.argocd).toEqual({
      destination: { name: 'platform-prod', namespace: 'payments-api' },
      project: 'payments-prod',
      projectDestinations: [
        { name: 'platform-prod', namespace: 'payments-api' },
      ],
    });
    expect(
      (await run({ environments: ['dev'], service: 'payments-api' }))
        .environments[0].argocd,
    ).toBe(undefined);
  });

  it('refuses an owner that is not a Group', async () => {
    for (const owner of ['user:default/ada', 'group:', '']) {
      await expect(
        run({ environments: ['dev'], service: 'payments-api', owner }),
      ).rejects.toThrow(/owner must be the service's owning Group/);
    }
  });

  it("refuses an environment's zone other than the one config gives it", async () => {
    await expect(
      run({ environments: ['prod'], dnsZone: 'prod.example.com' }),
    ).rejects.toThrow(
      /"prod.example.com" is not prod's: groundwork.environments\[\].dnsZone says example.com/,
    );
    const out = await run({ environments: ['prod'], dnsZone: 'example.com' });
    expect(out.environments.map((e: any) => e.dnsZone)).toEqual([
      'example.com',
    ]);
  });

  it('asks for the factory when modules are wanted and it is not configured', async () => {
    const bare = createModuleFactoryResolveAction({
      config: environmentsConfig,
    });
    const ctx = createMockActionContext({
      input: { modules: ['aws-baseline'] },
    });
    await expect(bare.handler(ctx as any)).rejects.toThrow(
      /set moduleFactory.repository/,
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const out = await run(step.input);
      for (const m of step.input.modules)
        expect(out.sources[m]).toContain(`//${m}?ref=${m}/v`);
      // A public service gets a host name in every environment.
      expect(
        out.environments.filter((e: { hostname?: string }) => !e.hostname),
      ).toHaveLength(
        step.input.exposure === 'public' ? 0 : out.environments.length,
      );
    },
  );
});
