import { Octokit } from '@octokit/rest';
import { GitHubState } from './state';
import { createGitHubHostingStandIn, GitHubHostingStandIn } from './hosting';
import { gitRepos } from './repos';

// Each test runs real git processes; on a loaded CI machine that takes seconds.
jest.setTimeout(30_000);

const TOKEN = 'ghs_hosting_test';

describe('GitHub stand-in with Git hosting: one model for REST and Git', () => {
  let github: GitHubHostingStandIn;
  let octokit: Octokit;
  const repo = { owner: 'acme', repo: 'gitops' };

  beforeEach(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: 'acme' });
    gitRepos(github.state).addRepo({
      owner: 'acme',
      name: 'gitops',
      files: {
        'README.md': '# GitOps\n',
        'apps/dev/web.yaml': 'kind: Application\n',
      },
    });
    octokit = new Octokit({ baseUrl: github.url, auth: TOKEN });
  });
  afterEach(() => github.stop());

  it('keeps repos.ts helpers and handlers working, on real Git objects', async () => {
    expect(gitRepos(github.state)).toBe(github.repos);
    const hosted = github.repos.requireRepo('acme', 'gitops');
    const main = github.repos.branchHead('acme', 'gitops', 'main')!;
    expect(hosted.git.resolve('refs/heads/main')).toBe(main);
    expect(hosted.git.readCommits([main])[0].message).toBe('Initial commit');

    const { data: parent } = await octokit.git.getCommit({
      ...repo,
      commit_sha: main,
    });
    const { data: tree } = await octokit.git.createTree({
      ...repo,
      base_tree: parent.tree.sha,
      tree: [
        {
          path: 'apps/dev/payments.yaml',
          mode: '100644',
          type: 'blob',
          content: 'kind: Application\n',
        },
      ],
    });
    expect(hosted.git.objectType(tree.sha)).toBe('tree');
    const { data: commit } = await octokit.git.createCommit({
      ...repo,
      message: 'Add payments',
      tree: tree.sha,
      parents: [parent.sha],
    });
    github.repos.push('acme', 'gitops', 'main', { 'other.txt': 'x' });
    await expect(
      octokit.git.updateRef({ ...repo, ref: 'heads/main', sha: commit.sha }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward'),
    });
    await octokit.git.createRef({
      ...repo,
      ref: 'refs/heads/feature',
      sha: commit.sha,
    });
    expect(hosted.git.resolve('refs/heads/feature')).toBe(commit.sha);
    expect(
      github.repos.file('acme', 'gitops', 'feature', 'apps/dev/payments.yaml'),
    ).toBe('kind: Application\n');
    expect(
      github.repos.file('acme', 'gitops', 'main', 'apps/dev/payments.yaml'),
    ).toBeUndefined();
    github.assertNoViolations();
  });

  it('merges pull requests with real merges, refusing conflicts and a moved head', async () => {
    const repos = github.repos;
    repos
      .requireRepo('acme', 'gitops')
      .refs.set('heads/left', repos.branchHead('acme', 'gitops', 'main')!);
    repos
      .requireRepo('acme', 'gitops')
      .refs.set('heads/right', repos.branchHead('acme', 'gitops', 'main')!);
    repos.push('acme', 'gitops', 'left', { 'README.md': '# Left\n' });
    repos.push('acme', 'gitops', 'right', { 'README.md': '# Right\n' });
    repos.push('acme', 'gitops', 'main', { 'apps/dev/db.yaml': 'kind: DB\n' });
    const left = await octokit.pulls.create({
      ...repo,
      title: 'Left',
      head: 'left',
      base: 'main',
    });
    const right = await octokit.pulls.create({
      ...repo,
      title: 'Right',
      head: 'right',
      base: 'main',
    });
    expect(left.data).toMatchObject({
      html_url: 'https://github.com/acme/gitops/pull/1',
      head: { repo: { clone_url: github.cloneUrl('acme', 'gitops') } },
    });
    expect(
      repos.requireRepo('acme', 'gitops').git.resolve('refs/pull/1/head'),
    ).toBe(left.data.head.sha);

    await expect(
      octokit.pulls.merge({ ...repo, pull_number: 1, sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    const { data: merged } = await octokit.pulls.merge({
      ...repo,
      pull_number: left.data.number,
    });
    const mergeCommit = repos
      .requireRepo('acme', 'gitops')
      .commits.get(merged.sha)!;
    expect(mergeCommit.parents).toHaveLength(2);
    // A three-way merge: main's own change survives.
    expect(repos.files('acme', 'gitops', 'main')).toMatchObject({
      'README.md': '# Left\n',
      'apps/dev/db.yaml': 'kind: DB\n',
    });
    await expect(
      octokit.pulls.merge({ ...repo, pull_number: right.data.number }),
    ).rejects.toMatchObject({
      status: 405,
      message: expect.stringContaining('Merge conflict in README.md'),
    });

    repos.push('acme', 'gitops', 'right', { 'README.md': '# Left\n' });
    const { data: squashed } = await octokit.pulls.merge({
      ...repo,
      pull_number: right.data.number,
      merge_method: 'squash',
    });
    expect(
      repos.requireRepo('acme', 'gitops').commits.get(squashed.sha),
    ).toMatchObject({ parents: [merged.sha], message: 'Right (#2)' });
    github.assertNoViolations();
  });

  it('creates repositories as GitHub does: empty, initialised, or refused', async () => {
    const { data: empty } = await octokit.repos.createInOrg({
      org: 'acme',
      name: 'svc',
      private: true,
    });
    expect(empty).toMatchObject({
      full_name: 'acme/svc',
      html_url: 'https://github.com/acme/svc',
      clone_url: github.cloneUrl('acme', 'svc'),
      visibility: 'private',
      owner: { login: 'acme', type: 'Organization' },
    });
    await expect(
      octokit.repos.listCommits({ owner: 'acme', repo: 'svc' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      octokit.repos.getContent({ owner: 'acme', repo: 'svc', path: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.repos.createInOrg({ org: 'acme', name: 'svc' }),
    ).rejects.toMatchObject({ status: 422 });

    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'lib',
      auto_init: true,
      description: 'A library',
    });
    expect(github.repos.file('acme', 'lib', 'main', 'README.md')).toBe(
      '# lib\nA library\n',
    );

    // An app's token owns no user repositories; a user's does.
    await expect(
      octokit.repos.createForAuthenticatedUser({ name: 'mine' }),
    ).rejects.toMatchObject({ status: 403 });
    github.state.addUser({ login: 'ada-l' });
    github.state.actor = 'ada-l';
    const { data: mine } = await octokit.repos.createForAuthenticatedUser({
      name: 'mine',
    });
    expect(mine).toMatchObject({
      full_name: 'ada-l/mine',
      owner: { login: 'ada-l', type: 'User' },
    });
    github.assertNoViolations();
  });

  it('serves raw files with the token, and public ones to anyone', async () => {
    github.repos.addRepo({
      owner: 'acme',
      name: 'site',
      private: false,
      files: { 'docs/a b.md': '# A\n' },
    });
    const raw = github.integrationConfig().rawBaseUrl;
    expect((await fetch(`${raw}/acme/gitops/main/README.md`)).status).toBe(404);
    const withToken = await fetch(`${raw}/acme/gitops/main/README.md`, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(await withToken.text()).toBe('# GitOps\n');
    const open = await fetch(`${raw}/acme/site/main/docs/a%20b.md`);
    expect(await open.text()).toBe('# A\n');
    github.assertNoViolations();
  });

  it('holds GraphQL queries against GitHub’s schema', async () => {
    const { repository } = await octokit.graphql<any>(
      `query ($owner: String!, $repo: String!) {
        repository(owner: $owner, name: $repo) {
          nameWithOwner
          defaultBranchRef { name target { oid } }
        }
      }`,
      { owner: 'acme', repo: 'gitops' },
    );
    expect(repository).toEqual({
      nameWithOwner: 'acme/gitops',
      defaultBranchRef: {
        name: 'main',
        target: { oid: github.repos.branchHead('acme', 'gitops', 'main') },
      },
    });
    await expect(
      octokit.graphql('{ repository(owner: "acme", name: "none") { id } }'),
    ).rejects.toThrow(/Could not resolve to a Repository/);
    github.assertNoViolations();

    await expect(
      octokit.graphql(
        '{ repository(owner: "acme", name: "gitops") { stars } }',
      ),
    ).rejects.toThrow();
    expect(() => github.assertNoViolations()).toThrow(
      /Cannot query field "stars" on type "Repository"/,
    );
  });

  it('keeps deployment environments and their variables, as github:environment:create makes them', async () => {
    const { data: env } = await octokit.request(
      'PUT /repos/{owner}/{repo}/environments/{environment_name}',
      {
        ...repo,
        environment_name: 'dev',
        deployment_branch_policy: {
          protected_branches: true,
          custom_branch_policies: false,
        },
      },
    );
    expect(env).toMatchObject({ name: 'dev', protection_rules: [] });
    await octokit.request(
      'POST /repos/{owner}/{repo}/environments/{environment_name}/variables',
      {
        ...repo,
        environment_name: 'dev',
        name: 'AWS_REGION',
        value: 'us-east-1',
      },
    );
    const hosted = github.repos.requireRepo('acme', 'gitops').environments;
    expect(hosted.get('dev')?.deploymentBranchPolicy).toEqual({
      protected_branches: true,
      custom_branch_policies: false,
    });
    expect([...hosted.get('dev')!.variables]).toEqual([
      ['AWS_REGION', 'us-east-1'],
    ]);
    github.assertNoViolations();
  });

  it('lists refs by prefix and records the reviewers a pull request asks for', async () => {
    const main = github.repos.branchHead('acme', 'gitops', 'main')!;
    const hosted = github.repos.requireRepo('acme', 'gitops');
    hosted.refs.set('tags/web/v1.0.0', main);
    hosted.refs.set('tags/web/v1.1.0', main);
    hosted.refs.set('tags/api/v2.0.0', main);
    const { data: refs } = await octokit.git.listMatchingRefs({
      ...repo,
      ref: 'tags/web/v',
    });
    expect(refs.map(r => r.ref)).toEqual([
      'refs/tags/web/v1.0.0',
      'refs/tags/web/v1.1.0',
    ]);

    github.state.addTeam('acme', { name: 'platform' });
    github.repos.push('acme', 'gitops', 'feature', { 'x.txt': 'x\n' });
    const { data: pull } = await octokit.pulls.create({
      ...repo,
      head: 'feature',
      base: 'main',
      title: 'x',
    });
    const { data: asked } = await octokit.pulls.requestReviewers({
      ...repo,
      pull_number: pull.number,
      team_reviewers: ['platform'],
    });
    expect(asked.requested_teams?.map(t => t.slug)).toEqual(['platform']);
    expect(github.repos.pulls('acme', 'gitops')[0].requestedTeams).toEqual([
      'platform',
    ]);
    await expect(
      octokit.pulls.requestReviewers({
        ...repo,
        pull_number: pull.number,
        team_reviewers: ['nobody'],
      }),
    ).rejects.toMatchObject({ status: 422 });
    github.assertNoViolations();
  });

  it('refuses a state that already holds in-memory repositories', () => {
    const state = new GitHubState();
    gitRepos(state).addRepo({ owner: 'acme', name: 'x' });
    expect(() => createGitHubHostingStandIn({ state })).toThrow(
      /already holds in-memory repositories/,
    );
  });
});
