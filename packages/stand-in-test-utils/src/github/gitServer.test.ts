import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import { gitEnv } from './git';
import { createGitHubHostingStandIn, GitHubHostingStandIn } from './hosting';

// Each test runs real git processes; on a loaded CI machine that takes seconds.
jest.setTimeout(30_000);

const TOKEN = 'ghs_git_test';

/** The machine's `git` CLI, without the user's configuration or prompts. */
async function git(cwd: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    env: gitEnv({
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@acme.dev',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@acme.dev',
    }),
  });
  return stdout.trim();
}

function withCredentials(url: string, token: string) {
  return url.replace('http://', `http://x-access-token:${token}@`);
}

describe('GitHub stand-in: Git smart HTTP', () => {
  let github: GitHubHostingStandIn;
  let work: string;
  let octokit: Octokit;

  beforeEach(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: 'acme' });
    github.repos.addRepo({
      owner: 'acme',
      name: 'svc',
      files: { 'README.md': '# svc\n', 'src/index.js': 'console.log(1);\n' },
    });
    github.repos.addRepo({
      owner: 'acme',
      name: 'docs',
      private: false,
      files: { 'index.md': '# Docs\n' },
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-git-test-'));
    octokit = new Octokit({ baseUrl: github.url, auth: TOKEN });
  });

  afterEach(async () => {
    await github.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('clones with the token as GitHub takes it, and refuses without it', async () => {
    const url = github.cloneUrl('acme', 'svc');
    await git(work, 'clone', '--quiet', withCredentials(url, TOKEN), 'svc');
    expect(fs.readFileSync(path.join(work, 'svc/src/index.js'), 'utf8')).toBe(
      'console.log(1);\n',
    );
    expect(await git(path.join(work, 'svc'), 'rev-parse', 'HEAD')).toBe(
      github.repos.branchHead('acme', 'svc', 'main'),
    );

    await expect(
      git(work, 'clone', '--quiet', url, 'anonymous'),
    ).rejects.toThrow(/could not read Username|Authentication failed/);
    await expect(
      git(work, 'clone', '--quiet', withCredentials(url, 'ghs_wrong'), 'wrong'),
    ).rejects.toThrow(/Authentication failed|Invalid username or token/);
    expect(fs.existsSync(path.join(work, 'anonymous/README.md'))).toBe(false);
    // git asks without credentials first, and sends them after the 401.
    const answered = github.gitServer.calls.filter(c => c.status === 200);
    expect(answered.map(c => c.kind)).toEqual([
      'advertise',
      // Protocol v2: one request lists refs, one fetches.
      'upload-pack',
      'upload-pack',
    ]);
    expect(answered.every(c => c.user === 'x-access-token')).toBe(true);
    expect(
      github.gitServer.calls.filter(c => c.status === 401).length,
    ).toBeGreaterThanOrEqual(3);
    github.assertNoViolations();
  });

  it('lets anyone clone a public repository, but only the token push to it', async () => {
    const url = github.cloneUrl('acme', 'docs');
    await git(work, 'clone', '--quiet', url, 'docs');
    const dir = path.join(work, 'docs');
    fs.writeFileSync(path.join(dir, 'index.md'), '# Docs, changed\n');
    await git(dir, 'commit', '--quiet', '-am', 'Change the docs');
    await expect(git(dir, 'push', 'origin', 'main')).rejects.toThrow();
    expect(github.repos.file('acme', 'docs', 'main', 'index.md')).toBe(
      '# Docs\n',
    );
    await git(dir, 'push', '--quiet', withCredentials(url, TOKEN), 'main');
    expect(github.repos.file('acme', 'docs', 'main', 'index.md')).toBe(
      '# Docs, changed\n',
    );
    github.assertNoViolations();
  });

  it('shows a push through the REST API at once, with the same SHAs', async () => {
    const url = withCredentials(github.cloneUrl('acme', 'svc'), TOKEN);
    await git(work, 'clone', '--quiet', url, 'svc');
    const dir = path.join(work, 'svc');
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.writeFileSync(path.join(dir, 'deploy/app.yaml'), 'kind: Deployment\n');
    fs.writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\necho hi\n', {
      mode: 0o755,
    });
    await git(dir, 'add', '.');
    await git(dir, 'commit', '--quiet', '-m', 'Add the deployment');
    await git(dir, 'checkout', '--quiet', '-b', 'feature/x');
    fs.writeFileSync(path.join(dir, 'feature.txt'), 'x\n');
    await git(dir, 'add', '.');
    await git(dir, 'commit', '--quiet', '-m', 'A feature');
    await git(dir, 'push', '--quiet', 'origin', 'main', 'feature/x');
    const main = await git(dir, 'rev-parse', 'main');

    const { data: ref } = await octokit.git.getRef({
      owner: 'acme',
      repo: 'svc',
      ref: 'heads/main',
    });
    expect(ref.object.sha).toBe(main);
    const { data: commit } = await octokit.git.getCommit({
      owner: 'acme',
      repo: 'svc',
      commit_sha: main,
    });
    expect(commit).toMatchObject({
      message: 'Add the deployment',
      author: { name: 'Ada', email: 'ada@acme.dev' },
      tree: { sha: await git(dir, 'rev-parse', 'main^{tree}') },
    });
    const { data: file } = await octokit.repos.getContent({
      owner: 'acme',
      repo: 'svc',
      path: 'deploy/app.yaml',
    });
    expect(
      Buffer.from((file as { content: string }).content, 'base64').toString(),
    ).toBe('kind: Deployment\n');
    const { data: tree } = await octokit.git.getTree({
      owner: 'acme',
      repo: 'svc',
      tree_sha: 'main',
      recursive: 'true',
    });
    expect(tree.tree.find(e => e.path === 'run.sh')?.mode).toBe('100755');
    expect(github.repos.file('acme', 'svc', 'feature/x', 'feature.txt')).toBe(
      'x\n',
    );
    github.assertNoViolations();
  });

  it('lets git fetch what the Git data API committed, SHA for SHA', async () => {
    const repo = { owner: 'acme', repo: 'svc' };
    const { data: ref } = await octokit.git.getRef({
      ...repo,
      ref: 'heads/main',
    });
    const { data: parent } = await octokit.git.getCommit({
      ...repo,
      commit_sha: ref.object.sha,
    });
    const { data: blob } = await octokit.git.createBlob({
      ...repo,
      content: Buffer.from([0, 1, 2, 255]).toString('base64'),
      encoding: 'base64',
    });
    const { data: tree } = await octokit.git.createTree({
      ...repo,
      base_tree: parent.tree.sha,
      tree: [
        { path: 'bin/data', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const { data: commit } = await octokit.git.createCommit({
      ...repo,
      message: 'Binary data, no README',
      tree: tree.sha,
      parents: [parent.sha],
    });
    await octokit.git.updateRef({
      ...repo,
      ref: 'heads/main',
      sha: commit.sha,
    });

    await git(
      work,
      'clone',
      '--quiet',
      withCredentials(github.cloneUrl('acme', 'svc'), TOKEN),
      'svc',
    );
    const dir = path.join(work, 'svc');
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(commit.sha);
    expect([...fs.readFileSync(path.join(dir, 'bin/data'))]).toEqual([
      0, 1, 2, 255,
    ]);
    expect(fs.existsSync(path.join(dir, 'README.md'))).toBe(false);
    expect(await git(dir, 'log', '-1', '--format=%s')).toBe(
      'Binary data, no README',
    );
    github.assertNoViolations();
  });

  it('reports a request GitHub does not serve as a violation', async () => {
    const res = await fetch(`${github.gitUrl}/acme/svc.git/info/refs`);
    expect(res.status).toBe(404);
    expect(() => github.assertNoViolations()).toThrow(
      /not a Git smart HTTP request GitHub serves/,
    );
  });
});
