import type { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readModuleFactoryConfig } from '../config';
import { GithubFactoryRepository } from '../lib/factoryRepository';
import {
  createGithubFactoryStandIn,
  FactoryState,
} from '../__testUtils__/githubFactoryStandIn';
import { keyModuleFiles } from '../__testUtils__/workspace';
import { createModuleFactoryPreparePullRequestAction } from './preparePullRequest';
import { examples } from './preparePullRequest.examples';

/** A dropped connection is retried: the first attempt and three retries. */
const ATTEMPTS = 4;

describe('module-factory:prepare-pull-request', () => {
  const state: FactoryState = {
    owner: 'acme',
    repo: 'terraform-modules',
    branch: 'main',
    tags: ['key-module/v1.2.0'],
    files: {},
  };
  const github = createGithubFactoryStandIn(state);
  const workspace = createMockDirectory();
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  beforeEach(() => {
    workspace.setContent(keyModuleFiles('module'));
    state.files = {
      'key-module/VERSION': '1.2.0\n',
      'key-module/CHANGELOG.md':
        '# Changelog of key-module\n\n## 1.2.0 (2026-01-10)\n\n### Features\n\n- Add tags.\n',
      'key-module/main.tf': 'old',
      'key-module/legacy.tf': 'removed in this release',
      'key-module/examples/basic/main.tf': 'old',
      'aws-network/VERSION': '3.0.0\n',
    };
  });
  // A request GitHub's OpenAPI description would refuse fails the test.
  afterEach(() => {
    try {
      github.assertNoViolations();
    } finally {
      github.violations.length = 0;
      github.calls.length = 0;
    }
  });

  const action = () =>
    createModuleFactoryPreparePullRequestAction({
      factory: readModuleFactoryConfig(
        new ConfigReader({
          moduleFactory: {
            repository: 'https://github.com/acme/terraform-modules',
            teamReviewers: ['platform'],
          },
        }),
      ),
      openRepository: f =>
        GithubFactoryRepository.create(
          f,
          ScmIntegrations.fromConfig(
            new ConfigReader({
              integrations: {
                github: [
                  {
                    host: 'github.com',
                    apiBaseUrl: github.url,
                    token: 'factory-token',
                  },
                ],
              },
            }),
          ),
          { unitMs: 1 },
        ),
      now: () => new Date('2026-11-22T10:00:00Z'),
    });

  const run = async (input: JsonObject) => {
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action().handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  const base = {
    module: 'key-module',
    path: 'module',
    version: '1.3.0',
    changeType: 'feature',
    summary: 'Add a deletion window input.',
    report: '### Module structure\n\nall green',
  };

  it('lays out the release and outputs what publish:github:pull-request takes', async () => {
    const out = await run(base);
    expect(out).toMatchObject({
      repoUrl: 'github.com?owner=acme&repo=terraform-modules',
      branchName: 'module/key-module/v1.3.0',
      title: 'key-module 1.3.0: Add a deletion window input.',
      sourcePath: '.module-factory/key-module',
      targetPath: 'key-module',
      filesToDelete: ['legacy.tf'],
      teamReviewers: ['platform'],
      tag: 'key-module/v1.3.0',
      commitMessage:
        'key-module: release 1.3.0\n\nAdd a deletion window input.',
    });
    expect(out.description).toContain(
      'source = "git::https://github.com/acme/terraform-modules.git//key-module?ref=key-module/v1.3.0"',
    );
    expect(out.description).toContain('after 1.2.0');
    expect(out.description).toContain('all green');

    const staged = workspace.resolve('.module-factory/key-module');
    expect(fs.readFileSync(path.join(staged, 'VERSION'), 'utf8')).toBe(
      '1.3.0\n',
    );
    expect(fs.readFileSync(path.join(staged, 'CHANGELOG.md'), 'utf8')).toBe(
      '# Changelog of key-module\n\n## 1.3.0 (2026-11-22)\n\n### Features\n\n- Add a deletion window input.\n\n## 1.2.0 (2026-01-10)\n\n### Features\n\n- Add tags.\n',
    );
    expect(fs.readFileSync(path.join(staged, 'main.tf'), 'utf8')).toBe(
      fs.readFileSync(workspace.resolve('module/main.tf'), 'utf8'),
    );
    expect(fs.existsSync(path.join(staged, 'examples/basic/plan.json'))).toBe(
      true,
    );
    expect(github.calls.map(c => c.operationId)).toEqual([
      'repos/get-content',
      'repos/get-content',
      'git/get-tree',
    ]);
  });

  it('starts a changelog for a module the factory does not have yet', async () => {
    const out = await run({ ...base, module: 'new-module', version: '1.0.0' });
    expect(out.filesToDelete).toEqual([]);
    expect(out.description).toContain('first release');
    expect(
      fs.readFileSync(
        workspace.resolve('.module-factory/new-module/CHANGELOG.md'),
        'utf8',
      ),
    ).toBe(
      '# Changelog of new-module\n\n## 1.0.0 (2026-11-22)\n\n### Features\n\n- Add a deletion window input.\n',
    );
  });

  it('refuses a version that is not newer than the released one', async () => {
    await expect(run({ ...base, version: '1.2.0' })).rejects.toThrow(
      'key-module is already at 1.2.0 on main of https://github.com/acme/terraform-modules; 1.2.0 is not newer.',
    );
  });

  it('never publishes Terraform state, and leaves caches and tfvars out', async () => {
    workspace.addContent({
      'module/.terraform/providers/x': 'cache',
      'module/.terraform.lock.hcl': 'lock',
      'module/examples/basic/terraform.tfvars': 'secret = "x"',
    });
    await run(base);
    const staged = workspace.resolve('.module-factory/key-module');
    expect(fs.existsSync(path.join(staged, '.terraform'))).toBe(false);
    expect(fs.existsSync(path.join(staged, '.terraform.lock.hcl'))).toBe(false);
    expect(
      fs.existsSync(path.join(staged, 'examples/basic/terraform.tfvars')),
    ).toBe(false);

    workspace.addContent({ 'module/examples/basic/terraform.tfstate': '{}' });
    await expect(run(base)).rejects.toThrow(
      /holds Terraform state \(examples\/basic\/terraform.tfstate\)/,
    );
  });

  it('explains a GitHub refusal in terms of the integration', async () => {
    github.inject({
      operationId: 'repos/get-content',
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    await expect(run(base)).rejects.toThrow(
      /GitHub refused to let the portal read key-module\/VERSION in https:\/\/github.com\/acme\/terraform-modules \(HTTP 403\): give the GitHub integration/,
    );
  });

  it('in a dry run without GitHub, prepares as for a new module and says so', async () => {
    github.inject({
      operationId: 'repos/get-content',
      dropConnection: true,
      times: ATTEMPTS,
    });
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: base,
        workspacePath: workspace.path,
        logger,
      }),
      isDryRun: true,
    };
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('filesToDelete', []);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Dry run: could not read key-module'),
    );
    // A real run does not paper over the failure.
    github.inject({
      operationId: 'repos/get-content',
      dropConnection: true,
      times: ATTEMPTS,
    });
    await expect(run(base)).rejects.toThrow(
      /Could not read key-module\/VERSION/,
    );
  });

  it('refuses a version that is not X.Y.Z and module names that are not folder names', async () => {
    await expect(run({ ...base, version: 'v1.3' })).rejects.toThrow(
      /not a release version/,
    );
    await expect(run({ ...base, module: '../escape' })).rejects.toThrow(
      /not a valid module name/,
    );
    expect(github.calls).toEqual([]);
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const out = await run({ ...step.input, module: 'key-module' });
      expect(out.branchName).toBe('module/key-module/v1.3.0');
      // The second step of the example takes exactly these outputs.
      const pr = yaml.parse(example.example).steps[1];
      const used = Object.entries(pr.input)
        .filter(
          ([, v]) =>
            typeof v === 'string' && v.includes('steps.prepare.output.'),
        )
        .map(([k]) => k);
      expect(used.length).toBeGreaterThan(5);
      expect(Object.keys(out)).toEqual(expect.arrayContaining(used));
    },
  );
});
