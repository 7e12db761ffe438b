import type { JsonObject } from '@backstage/types';
import yaml from 'yaml';
import { ScmIntegrations } from '@backstage/integration';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readModuleFactoryConfig } from '../config';
import { GithubFactoryRepository } from '../lib/factoryRepository';
import { createGithubFactoryStandIn } from '../__testUtils__/githubFactoryStandIn';
import { createModuleFactoryNextVersionAction } from './nextVersion';
import { examples } from './nextVersion.examples';

/** A dropped connection is retried: the first attempt and three retries. */
const ATTEMPTS = 4;

describe('module-factory:next-version', () => {
  const github = createGithubFactoryStandIn({
    owner: 'acme',
    repo: 'terraform-modules',
    branch: 'main',
    tags: [
      'aws-network/v1.4.2',
      'aws-network/v1.5.0',
      'aws-network/v2.0.0-rc.1',
      'aws-eks/v3.1.0',
    ],
    files: {},
  });
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  // A request GitHub's OpenAPI description would refuse fails the test.
  afterEach(() => {
    try {
      github.assertNoViolations();
    } finally {
      github.violations.length = 0;
      github.calls.length = 0;
    }
  });

  const factory = readModuleFactoryConfig(
    new ConfigReader({
      moduleFactory: {
        repository: 'https://github.com/acme/terraform-modules',
      },
    }),
  );
  const actionWith = (token: string) => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', apiBaseUrl: github.url, token }],
        },
      }),
    );
    return createModuleFactoryNextVersionAction({
      factory,
      openRepository: f =>
        GithubFactoryRepository.create(f, integrations, { unitMs: 1 }),
    });
  };
  const run = async (input: JsonObject) => {
    const ctx = createMockActionContext({ input });
    await actionWith('factory-token').handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it("reads the module's tags from the factory (GitHub stand-in checked against @octokit/openapi)", async () => {
    await expect(
      run({ module: 'aws-network', changeType: 'feature' }),
    ).resolves.toEqual({
      version: '1.6.0',
      previousVersion: '1.5.0',
      tag: 'aws-network/v1.6.0',
    });
    expect(github.calls.map(c => [c.operationId, c.path])).toEqual([
      [
        'git/list-matching-refs',
        '/repos/acme/terraform-modules/git/matching-refs/tags%2Faws-network%2Fv',
      ],
    ]);
  });

  it('gives a first release 1.0.0 with no previous version', async () => {
    await expect(
      run({ module: 'gcp-gke', changeType: 'breaking' }),
    ).resolves.toEqual({
      version: '1.0.0',
      tag: 'gcp-gke/v1.0.0',
    });
  });

  it('treats an empty factory repository (HTTP 409) as no releases yet', async () => {
    github.inject({
      operationId: 'git/list-matching-refs',
      status: 409,
      body: {
        message: 'Git Repository is empty.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    await expect(
      run({ module: 'aws-network', changeType: 'fix' }),
    ).resolves.toEqual({
      version: '1.0.0',
      tag: 'aws-network/v1.0.0',
    });
  });

  it('fails a real run when GitHub cannot be reached, saying what it tried', async () => {
    github.inject({
      operationId: 'git/list-matching-refs',
      dropConnection: true,
      times: ATTEMPTS,
    });
    await expect(
      run({ module: 'aws-network', changeType: 'fix' }),
    ).rejects.toThrow(
      /Could not list the tags of aws-network in https:\/\/github.com\/acme\/terraform-modules/,
    );
  });

  it('in a dry run without GitHub, warns and decides as for a first release', async () => {
    github.inject({
      operationId: 'git/list-matching-refs',
      dropConnection: true,
      times: ATTEMPTS,
    });
    // createMockActionContext does not pass isDryRun through; set it here.
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: { module: 'aws-network', changeType: 'fix' },
        logger,
      }),
      isDryRun: true,
    };
    await actionWith('factory-token').handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('version', '1.0.0');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Dry run: could not read the tags of aws-network',
      ),
    );
  });

  it('refuses bad module names before calling anything', async () => {
    await expect(
      run({ module: 'AWS Network', changeType: 'fix' }),
    ).rejects.toThrow(/not a valid module name/);
    expect(github.calls).toEqual([]);
  });

  it('asks for moduleFactory.repository when it is not configured', async () => {
    const action = createModuleFactoryNextVersionAction({
      factory: undefined,
      openRepository: () => Promise.reject(new Error('not reached')),
    });
    const ctx = createMockActionContext({
      input: { module: 'aws-network', changeType: 'fix' },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /set moduleFactory.repository/,
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const out = await run(step.input);
      expect(out.version).toBe(step.input.existingTags ? '2.0.0' : '1.6.0');
    },
  );
});
