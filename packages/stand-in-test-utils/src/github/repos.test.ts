import { Octokit } from '@octokit/rest';
import { createGitHubStandIn, GitHubStandIn } from '.';
import { gitRepos, repoHandlers } from './repos';

describe('GitHub stand-in: repository operations', () => {
  let github: GitHubStandIn;
  let octokit: Octokit;
  const repo = { owner: 'acme', repo: 'gitops' };

  beforeEach(async () => {
    github = await createGitHubStandIn({
      handlers: repoHandlers,
      tokens: ['ghs_test'],
    }).start();
    github.state.addOrg({ login: 'acme' });
    gitRepos(github.state).addRepo({
      owner: 'acme',
      name: 'gitops',
      files: {
        'README.md': '# GitOps\n',
        'apps/dev/web.yaml': 'kind: Application\n',
      },
    });
    octokit = new Octokit({ baseUrl: github.url, auth: 'ghs_test' });
  });
  afterEach(() => github.stop());

  it('reads files and directories through the contents API', async () => {
    const { data } = await octokit.repos.getContent({
      ...repo,
      path: 'apps/dev/web.yaml',
      ref: 'main',
    });
    expect(Array.isArray(data)).toBe(false);
    const file = data as { content: string; sha: string };
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe(
      'kind: Application\n',
    );
    expect(file.sha).toMatch(/^[0-9a-f]{40}$/);
    const { data: dir } = await octokit.repos.getContent({
      ...repo,
      path: 'apps',
    });
    expect(dir).toEqual([
      expect.objectContaining({ type: 'dir', path: 'apps/dev' }),
    ]);
    await expect(
      octokit.repos.getContent({ ...repo, path: 'apps/prod/x.yaml' }),
    ).rejects.toMatchObject({ status: 404 });
    github.assertNoViolations();
  });

  it('commits through the Git data API, refusing non-fast-forward updates', async () => {
    const { data: ref } = await octokit.git.getRef({
      ...repo,
      ref: 'heads/main',
    });
    const { data: parent } = await octokit.git.getCommit({
      ...repo,
      commit_sha: ref.object.sha,
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
    const { data: commit } = await octokit.git.createCommit({
      ...repo,
      message: 'Add payments',
      tree: tree.sha,
      parents: [parent.sha],
    });
    gitRepos(github.state).push('acme', 'gitops', 'main', { 'other.txt': 'x' });
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
    await expect(
      octokit.git.createRef({
        ...repo,
        ref: 'refs/heads/feature',
        sha: commit.sha,
      }),
    ).rejects.toMatchObject({
      status: 422,
    });
    expect(
      gitRepos(github.state).file(
        'acme',
        'gitops',
        'feature',
        'apps/dev/payments.yaml',
      ),
    ).toBe('kind: Application\n');
    expect(
      gitRepos(github.state).file(
        'acme',
        'gitops',
        'main',
        'apps/dev/payments.yaml',
      ),
    ).toBeUndefined();
    github.assertNoViolations();
  });

  it('opens, lists, updates and merges pull requests', async () => {
    const repos = gitRepos(github.state);
    repos
      .requireRepo('acme', 'gitops')
      .refs.set('heads/feature', repos.branchHead('acme', 'gitops', 'main')!);
    await expect(
      octokit.pulls.create({
        ...repo,
        title: 'x',
        head: 'feature',
        base: 'main',
      }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No commits between main and feature'),
    });
    repos.push('acme', 'gitops', 'feature', {
      'apps/dev/payments.yaml': 'kind: Application\n',
    });
    const { data: pull } = await octokit.pulls.create({
      ...repo,
      title: 'Add payments',
      head: 'feature',
      base: 'main',
      body: 'Please review',
    });
    expect(pull).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'feature' },
      base: { ref: 'main' },
    });
    await expect(
      octokit.pulls.create({
        ...repo,
        title: 'again',
        head: 'feature',
        base: 'main',
      }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const { data: open } = await octokit.pulls.list({
      ...repo,
      state: 'open',
      head: 'acme:feature',
      base: 'main',
    });
    expect(open.map(p => p.number)).toEqual([1]);
    await octokit.pulls.update({
      ...repo,
      pull_number: 1,
      title: 'Add payments (dev)',
    });
    repos.mergePull('acme', 'gitops', 1);
    expect(repos.file('acme', 'gitops', 'main', 'apps/dev/payments.yaml')).toBe(
      'kind: Application\n',
    );
    const { data: none } = await octokit.pulls.list({
      ...repo,
      state: 'open',
      head: 'acme:feature',
    });
    expect(none).toEqual([]);
    github.assertNoViolations();
  });
});
