import { ConfigReader } from '@backstage/config';
import { S3_BACKEND } from './__testUtils__/setup';
import { environmentSettings, readTerraformConfig } from './config';
import { fillTokens, templateTokens } from './run/identity';

const read = (terraform: Record<string, unknown>) =>
  readTerraformConfig(new ConfigReader({ terraform } as any));

const dev = (settings: Record<string, unknown>) => ({
  environments: { dev: settings },
});

/** Config decides backends, executors and workspaces; a broken one stops the backend at startup. */
describe('terraform config, read at startup', () => {
  it.each([
    [
      'an unknown backend type',
      dev({ backend: { type: 'http', settings: { address: 'https://x' } } }),
      'terraform.environments.dev.backend.type "http" is not a state backend this portal checks',
    ],
    [
      'local state with a path on the host',
      dev({
        backend: { type: 'local', settings: { path: '/var/lib/x.tfstate' } },
      }),
      'terraform.environments.dev.backend.type is "local": local state is written on the portal\'s host',
    ],
    [
      'a named backend of local state',
      dev({ backends: { scratch: { type: 'local' } } }),
      'terraform.environments.dev.backends.scratch.type is "local"',
    ],
    [
      'an s3 backend without encryption',
      dev({
        backend: {
          type: 's3',
          settings: { ...S3_BACKEND.settings, encrypt: false },
        },
      }),
      'terraform.environments.dev.backend is not safe to use: the s3 backend needs "encrypt = true"',
    ],
    [
      'an s3 backend without a lock',
      dev({
        backend: {
          type: 's3',
          settings: { ...S3_BACKEND.settings, use_lockfile: undefined },
        },
      }),
      'the s3 backend needs a lock',
    ],
    [
      'credentials in backend settings',
      dev({
        backend: {
          type: 's3',
          settings: { ...S3_BACKEND.settings, secret_key: 'wJalrXUtnFEMI' },
        },
      }),
      '"secret_key" is a credential',
    ],
    [
      'a gcs backend without a bucket',
      dev({ backend: { type: 'gcs', settings: {} } }),
      'the gcs backend needs "bucket"',
    ],
    [
      'a cloud backend choosing its workspace by tags',
      dev({
        backend: {
          type: 'cloud',
          settings: { organization: 'acme', workspaces: { tags: ['app'] } },
        },
      }),
      'terraform.environments.dev.backend.settings.workspaces must give "name"',
    ],
    [
      'a state key without the kind',
      dev({
        backend: {
          type: 's3',
          settings: {
            ...S3_BACKEND.settings,
            key: '{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
          },
        },
      }),
      'terraform.environments.dev.backend.settings.key "{namespace}/{name}/{environment}/{workingDirectory}.tfstate" is refused: it lacks {kind}',
    ],
    [
      'a state key without the namespace or environment',
      dev({
        backends: {
          shared: {
            type: 's3',
            settings: {
              ...S3_BACKEND.settings,
              key: 'shared/{kind}/{name}.tfstate',
            },
          },
        },
      }),
      'terraform.environments.dev.backends.shared.settings.key "shared/{kind}/{name}.tfstate" is refused: it lacks {namespace}, {environment}',
    ],
    [
      'a state key two entities could share',
      dev({
        backend: {
          type: 's3',
          settings: {
            ...S3_BACKEND.settings,
            key: '{kind}-{namespace}-{name}-{environment}.tfstate',
          },
        },
      }),
      '{namespace} is followed by "-", which its values may contain',
    ],
    [
      'a state key with the working directory before the entity',
      dev({
        backend: {
          type: 'gcs',
          settings: {
            bucket: 'b',
            prefix:
              '{workingDirectory}/{kind}/{namespace}/{name}/{environment}',
          },
        },
      }),
      '{workingDirectory} may hold any character: put it last',
    ],
    [
      'a misspelt token',
      dev({
        backend: {
          type: 's3',
          settings: {
            ...S3_BACKEND.settings,
            key: '{kind}/{namespace}/{nmae}/{environment}.tfstate',
          },
        },
      }),
      'it uses {nmae}, which is not a token',
    ],
    [
      'an HCP workspace name without the kind and namespace',
      { hcp: { workspaceName: '{name}-{environment}' } },
      'terraform.hcp.workspaceName "{name}-{environment}" is refused: it lacks {kind}, {namespace}',
    ],
    [
      'an HCP workspace name with characters HCP refuses',
      dev({
        hcp: { workspaceName: '{kind}/{namespace}/{environment}/{name}' },
      }),
      'terraform.environments.dev.hcp.workspaceName "{kind}/{namespace}/{environment}/{name}" is refused: HCP Terraform workspace names hold only letters',
    ],
    [
      'the hcp executor without a token',
      dev({ executors: ['cli', 'hcp'] }),
      'terraform.environments.dev.executors lets runs use the hcp executor, but terraform.hcp.token is not set',
    ],
    [
      'the hcp executor without an organization',
      { hcp: { token: 't' }, defaultExecutor: 'hcp' },
      'terraform.defaultExecutor lets runs use the hcp executor, but no organization is configured',
    ],
    [
      'executors that leave out the default',
      dev({ executor: 'cli', executors: ['hcp'] }),
      "terraform.environments.dev.executors (hcp) must include the environment's default executor, cli",
    ],
    [
      'an unknown kind of plan-time code',
      dev({ allowPlanTimeCode: ['everything'] }),
      'terraform.environments.dev.allowPlanTimeCode must be one of external, local-exec, remote-exec, remote-state, files-outside, got "everything"',
    ],
  ])('refuses %s, naming the key', (_, terraform, message) => {
    expect(() => read(terraform)).toThrow(message);
  });

  it('gives each backend type a state name with the entity and environment when config gives none', () => {
    const c = read({
      environments: {
        dev: {
          backend: {
            type: 's3',
            settings: { ...S3_BACKEND.settings, key: undefined },
          },
          backends: {
            gcs: { type: 'gcs', settings: { bucket: 'b' } },
            azure: {
              type: 'azurerm',
              settings: { storage_account_name: 'a', container_name: 'c' },
            },
            tfc: { type: 'cloud', settings: { organization: 'acme' } },
          },
        },
      },
    });
    const tokens = templateTokens('component:finance/ledger', 'dev', 'infra');
    const names = [
      c.environments.dev.backend!,
      ...Object.values(c.environments.dev.backends),
    ].map(b => fillTokens(b.settings, tokens));
    expect(
      names.map(s => s.key ?? s.prefix ?? (s.workspaces as any).name),
    ).toEqual([
      'component/finance/ledger/dev/infra.tfstate',
      'component/finance/ledger/dev/infra',
      'component/finance/ledger/dev/infra.tfstate',
      'component_finance_dev_ledger',
    ]);
  });

  it('gives an environment config does not list the defaults: no backend, the default executor', () => {
    const c = read({ hcp: { token: 't', organization: 'acme' } });
    expect(environmentSettings(c, 'qa')).toMatchObject({
      key: 'terraform.environments.qa',
      backends: {},
      executor: 'cli',
      executors: ['cli'],
      hcp: {
        organization: 'acme',
        workspaceName: '{kind}_{namespace}_{environment}_{name}',
      },
      allowPlanTimeCode: [],
    });
  });
});
