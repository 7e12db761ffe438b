import fs from 'node:fs';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createPublishGithubAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from '@octokit/rest';
import { createGitHubHostingStandIn, GitHubHostingStandIn } from './hosting';

jest.setTimeout(60_000);

const TOKEN = 'ghs_portal_integration';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
  lifecycle: experimental
  owner: group:default/payments-team
`;

/**
 * Backstage's own GitHub actions and URL reader, configured as a portal
 * would be, against the hosting stand-in.
 */
describe('GitHub stand-in with Backstage’s GitHub actions and URL reader', () => {
  let github: GitHubHostingStandIn;
  let config: ConfigReader;
  let integrations: ScmIntegrations;
  const workspace = createMockDirectory();

  beforeAll(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: 'acme' });
    github.state.addTeam('acme', { name: 'Payments Team' });
    github.state.addUser({ login: 'ada-l', name: 'Ada' });
    github.state.setOrgMember('acme', 'ada-l');
    config = new ConfigReader({
      integrations: { github: [github.integrationConfig()] },
      scaffolder: {
        defaultAuthor: { name: 'Portal', email: 'portal@acme.dev' },
      },
    });
    integrations = ScmIntegrations.fromConfig(config);
  });

  afterAll(() => github.stop());

  afterEach(() => github.assertNoViolations());

  async function publish(input: Record<string, unknown>) {
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO,
      'src/index.js': 'console.log("payments");\n',
      'bin/start.sh': '#!/bin/sh\nnode src/index.js\n',
    });
    fs.chmodSync(path.join(workspace.path, 'bin/start.sh'), 0o755);
    const action = createPublishGithubAction({ integrations, config });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { repoUrl: 'github.com?owner=acme&repo=payments', ...input },
    });
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('publish:github creates the repository and pushes the workspace to main', async () => {
    const output = await publish({
      description: 'Payments service',
      repoVisibility: 'private',
      topics: ['Payments', 'node'],
      collaborators: [
        { team: 'payments-team', access: 'push' },
        { user: 'ada-l', access: 'admin' },
      ],
      requiredStatusCheckContexts: ['build'],
    });
    const head = github.repos.branchHead('acme', 'payments', 'main');
    expect(output).toEqual({
      remoteUrl: github.cloneUrl('acme', 'payments'),
      repoContentsUrl: 'https://github.com/acme/payments/blob/main',
      commitHash: head,
    });
    expect(github.repos.files('acme', 'payments', 'main')).toEqual({
      'catalog-info.yaml': CATALOG_INFO,
      'src/index.js': 'console.log("payments");\n',
      'bin/start.sh': '#!/bin/sh\nnode src/index.js\n',
    });
    const repo = github.repos.requireRepo('acme', 'payments');
    const tree = repo.commits.get(head!)!.tree;
    expect(repo.modes.get(tree)?.get('bin/start.sh')).toBe('100755');
    expect(github.repos.history('acme', 'payments', 'main')).toEqual([
      expect.objectContaining({
        message: 'initial commit',
        author: expect.objectContaining({
          name: 'Portal',
          email: 'portal@acme.dev',
        }),
      }),
    ]);
    expect(repo).toMatchObject({
      visibility: 'private',
      description: 'Payments service',
      topics: ['payments', 'node'],
    });
    expect([...repo.teams]).toEqual([['payments-team', 'push']]);
    expect([...repo.collaborators]).toEqual([['ada-l', 'admin']]);
    // The action protects the default branch unless told otherwise.
    expect(repo.protection.get('main')).toMatchObject({
      required_status_checks: { strict: true, contexts: ['build'] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    expect(github.calls.map(c => c.operationId)).toEqual(
      expect.arrayContaining([
        'users/get-by-username',
        'repos/create-in-org',
        'repos/replace-all-topics',
        'repos/update-branch-protection',
      ]),
    );
    expect(
      github.gitServer.calls.filter(c => c.kind === 'receive-pack'),
    ).toEqual([
      expect.objectContaining({ status: 200, user: 'x-access-token' }),
    ]);
  });

  it('publish:github refuses a repository that exists already', async () => {
    await expect(publish({})).rejects.toThrow(
      /Failed to create the Organization repository acme\/payments, .*name already exists on this account/,
    );
  });

  it('publish:github:pull-request opens a branch and a pull request that merges into main', async () => {
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO.replace('experimental', 'production'),
      'docs/runbook.md': '# Runbook\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]).toString(
        'binary',
      ),
    });
    fs.writeFileSync(
      path.join(workspace.path, 'logo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]),
    );
    const action = createPublishGithubPullRequestAction({
      integrations,
      config,
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        repoUrl: 'github.com?owner=acme&repo=payments',
        branchName: 'promote-payments',
        title: 'Promote payments to production',
        description: 'Lifecycle production, with a runbook.',
        filesToDelete: ['src/index.js', 'not/there.txt'],
      },
    });
    await action.handler(ctx as any);
    const output = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(output).toEqual({
      targetBranchName: 'main',
      remoteUrl: 'https://github.com/acme/payments/pull/1',
      pullRequestNumber: 1,
    });
    const [pull] = github.repos.pulls('acme', 'payments');
    expect(pull).toMatchObject({
      head: 'promote-payments',
      base: 'main',
      state: 'open',
      title: 'Promote payments to production',
    });
    expect(
      github.repos.file(
        'acme',
        'payments',
        'promote-payments',
        'docs/runbook.md',
      ),
    ).toBe('# Runbook\n');
    expect(
      github.repos.file('acme', 'payments', 'promote-payments', 'src/index.js'),
    ).toBeUndefined();
    expect([
      ...github.repos.bytes(
        'acme',
        'payments',
        'promote-payments',
        'logo.png',
      )!,
    ]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    expect(github.calls.map(c => c.operationId)).toEqual(
      expect.arrayContaining([
        'git/create-blob',
        'POST /graphql',
        'pulls/create',
      ]),
    );

    // main is protected (publish:github's defaults): a merge waits for an
    // approval from someone with write access and for the build check.
    const octokit = new Octokit({ baseUrl: github.url, auth: TOKEN });
    const pr = { owner: 'acme', repo: 'payments', pull_number: 1 };
    await expect(octokit.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: expect.stringContaining(
        'At least 1 approving review is required by reviewers with write access.',
      ),
    });
    const reviewer = new Octokit({
      baseUrl: github.url,
      auth: github.state.userToken('ada-l'),
    });
    await reviewer.pulls.createReview({ ...pr, event: 'APPROVE' });
    const headSha = github.repos.branchHead(
      'acme',
      'payments',
      'promote-payments',
    )!;
    await expect(octokit.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: 'Required status check "build" is expected.',
    });
    await octokit.repos.createCommitStatus({
      owner: 'acme',
      repo: 'payments',
      sha: headSha,
      state: 'success',
      context: 'build',
    });
    // Merged through the REST API once the requirements are met.
    const { data: merge } = await octokit.pulls.merge({
      owner: 'acme',
      repo: 'payments',
      pull_number: 1,
    });
    expect(merge.merged).toBe(true);
    expect(github.repos.branchHead('acme', 'payments', 'main')).toBe(merge.sha);
    expect(
      github.repos.file('acme', 'payments', 'main', 'catalog-info.yaml'),
    ).toContain('lifecycle: production');
    expect(
      github.repos.file('acme', 'payments', 'main', 'src/index.js'),
    ).toBeUndefined();
    const { data: merged } = await octokit.pulls.get({
      owner: 'acme',
      repo: 'payments',
      pull_number: 1,
    });
    expect(merged).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merge.sha,
    });
    await expect(
      octokit.pulls.merge({ owner: 'acme', repo: 'payments', pull_number: 1 }),
    ).rejects.toMatchObject({ status: 405 });
  });

  it('lets Backstage’s URL reader read catalog-info.yaml from the pushed repository', async () => {
    const reader = UrlReaders.default({
      config,
      logger: mockServices.logger.mock(),
    });
    const url = 'https://github.com/acme/payments/blob/main/catalog-info.yaml';
    const response = await reader.readUrl(url);
    const text = (await response.buffer()).toString('utf8');
    expect(text).toBe(
      github.repos.file('acme', 'payments', 'main', 'catalog-info.yaml'),
    );
    expect(text).toContain('lifecycle: production');
    expect(github.callsTo('repos/get-content').at(-1)).toMatchObject({
      status: 200,
      headers: expect.objectContaining({
        accept: 'application/vnd.github.v3.raw',
        authorization: `Bearer ${TOKEN}`,
      }),
    });
    // Read again with the ETag it was given: not modified.
    await expect(reader.readUrl(url, { etag: response.etag })).rejects.toThrow(
      expect.objectContaining({ name: 'NotModifiedError' }),
    );
    // A file in a folder: the contents path spans segments, unencoded.
    const runbook = await reader.readUrl(
      'https://github.com/acme/payments/blob/main/docs/runbook.md',
    );
    expect((await runbook.buffer()).toString('utf8')).toBe(
      github.repos.file('acme', 'payments', 'main', 'docs/runbook.md'),
    );
    expect(github.callsTo('repos/get-content').at(-1)).toMatchObject({
      path: '/repos/acme/payments/contents/docs/runbook.md',
      status: 200,
    });
    await expect(
      reader.readUrl('https://github.com/acme/payments/blob/main/nothing.yaml'),
    ).rejects.toThrow(expect.objectContaining({ name: 'NotFoundError' }));

    // A glob searches the tree; a directory reads the tarball.
    const found = await reader.search(
      'https://github.com/acme/payments/blob/main/**/*.md',
    );
    expect(found.files.map(f => f.url)).toEqual([
      'https://github.com/acme/payments/blob/main/docs/runbook.md',
    ]);
    expect((await found.files[0].content()).toString()).toBe('# Runbook\n');
    const tree = await reader.readTree(
      'https://github.com/acme/payments/tree/main/docs',
    );
    const files = await tree.files();
    expect(files.map(f => f.path)).toEqual(['runbook.md']);
    expect(tree.etag).toBe(github.repos.branchHead('acme', 'payments', 'main'));
  });
});
