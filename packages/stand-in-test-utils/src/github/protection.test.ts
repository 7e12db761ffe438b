import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import { gitEnv } from './git';
import { createGitHubHostingStandIn, GitHubHostingStandIn } from './hosting';
import { codeOwnersPattern } from './protection';

// Each test runs real git processes; on a loaded CI machine that takes seconds.
jest.setTimeout(60_000);

const TOKEN = 'ghs_protection_test';

/** `git` without the user's configuration; resolves to stdout and stderr. */
async function git(cwd: string, ...args: string[]) {
  const { stdout, stderr } = await promisify(execFile)('git', args, {
    cwd,
    env: gitEnv({
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@acme.dev',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@acme.dev',
    }),
  });
  return { stdout: stdout.trim(), stderr };
}

/** A push that may be refused: git's exit code and everything it printed. */
async function tryPush(cwd: string, ...args: string[]) {
  try {
    const { stderr } = await git(cwd, 'push', '--porcelain', ...args);
    return { ok: true, output: stderr };
  } catch (error: any) {
    return { ok: false, output: `${error.stdout}\n${error.stderr}` };
  }
}

function withCredentials(url: string, token: string) {
  return url.replace('http://', `http://x-access-token:${token}@`);
}

describe('GitHub stand-in: branch protection and rulesets', () => {
  let github: GitHubHostingStandIn;
  let work: string;
  let portal: Octokit;
  const svc = { owner: 'acme', repo: 'svc' };
  const as = (login: string) =>
    new Octokit({ baseUrl: github.url, auth: github.state.userToken(login) });

  beforeEach(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    const { state } = github;
    state.addOrg({ login: 'acme' });
    for (const login of ['ada', 'grace', 'linus', 'owner']) {
      state.addUser({ login, email: `${login}@acme.dev` });
    }
    state.setOrgMember('acme', 'owner', { role: 'admin' });
    state.addTeam('acme', { name: 'payments' });
    state.addTeam('acme', { name: 'sre' });
    state.setTeamMember('acme', 'payments', 'grace');
    state.setTeamMember('acme', 'sre', 'linus');
    state.setOrgMember('acme', 'ada');
    github.repos.addRepo({
      owner: 'acme',
      name: 'svc',
      files: {
        'README.md': '# svc\n',
        'src/index.js': 'console.log(1);\n',
        '.github/CODEOWNERS': '* @acme/payments @acme/sre\n',
      },
    });
    const repo = github.repos.requireRepo('acme', 'svc');
    repo.collaborators.set('ada', 'push');
    repo.teams.set('sre', 'push');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-protection-test-'));
    portal = new Octokit({ baseUrl: github.url, auth: TOKEN });
  });

  afterEach(async () => {
    github.assertNoViolations();
    await github.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function protect(rules: Record<string, unknown> = {}) {
    await portal.repos.updateBranchProtection({
      ...svc,
      branch: 'main',
      required_status_checks: { strict: true, contexts: ['build'] },
      enforce_admins: false,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
      },
      restrictions: null,
      ...rules,
    });
  }

  /** A clone with a new commit on main, ready to push. */
  async function cloneWithCommit(token: string) {
    const url = withCredentials(github.cloneUrl('acme', 'svc'), token);
    const dir = path.join(work, `svc-${fs.readdirSync(work).length}`);
    await git(work, 'clone', '--quiet', url, dir);
    fs.writeFileSync(path.join(dir, 'src/index.js'), 'console.log(2);\n');
    await git(dir, 'commit', '--quiet', '-am', 'Change straight on main');
    return dir;
  }

  /** A branch `feature` with one change, and a pull request from it by the portal. */
  async function openPull(files: Record<string, string> = {}) {
    const main = github.repos.branchHead('acme', 'svc', 'main')!;
    await portal.git.createRef({
      ...svc,
      ref: 'refs/heads/feature',
      sha: main,
    });
    github.repos.push('acme', 'svc', 'feature', {
      'src/index.js': 'console.log(3);\n',
      ...files,
    });
    const { data } = await portal.pulls.create({
      ...svc,
      head: 'feature',
      base: 'main',
      title: 'Change',
    });
    return { ...svc, pull_number: data.number };
  }

  async function passBuild(sha: string) {
    await portal.repos.createCommitStatus({
      ...svc,
      sha,
      state: 'success',
      context: 'build',
    });
  }

  it('lets anything through on an unprotected branch, as GitHub does', async () => {
    const dir = await cloneWithCommit(TOKEN);
    expect((await tryPush(dir, 'origin', 'main')).ok).toBe(true);
    const pr = await openPull();
    const { data } = await portal.pulls.merge(pr);
    expect(data.merged).toBe(true);
    // A person's token is that person.
    const { data: me } = await as('ada').users.getAuthenticated();
    expect(me.login).toBe('ada');
  });

  it('refuses a git push to a protected branch with GH006, and takes the push’s other refs', async () => {
    await protect();
    const dir = await cloneWithCommit(TOKEN);
    const before = github.repos.branchHead('acme', 'svc', 'main');
    await git(dir, 'branch', 'topic');
    const push = await tryPush(dir, 'origin', 'main', 'topic');
    expect(push.ok).toBe(false);
    expect(push.output).toContain(
      'remote: error: GH006: Protected branch update failed for refs/heads/main.',
    );
    expect(push.output).toContain(
      'remote: error: Changes must be made through a pull request.',
    );
    expect(push.output).toContain(
      'remote: error: Required status check "build" is expected.',
    );
    expect(push.output).toMatch(
      /!\s+refs\/heads\/main:refs\/heads\/main\s+\[remote rejected\] \(protected branch hook declined\)/,
    );
    expect(github.repos.branchHead('acme', 'svc', 'main')).toBe(before);
    // Only main is protected: the topic branch of the same push lands.
    expect(github.repos.branchHead('acme', 'svc', 'topic')).toBe(
      (await git(dir, 'rev-parse', 'HEAD')).stdout,
    );
  });

  it('lets a repository administrator push unless admins are included, and never a force push', async () => {
    await protect();
    const admin = github.state.userToken('owner');
    const dir = await cloneWithCommit(admin);
    const bypassed = await tryPush(dir, 'origin', 'main');
    expect(bypassed.ok).toBe(true);
    expect(bypassed.output).toContain(
      'remote: Bypassed rule violations for refs/heads/main:',
    );
    expect(bypassed.output).toContain(
      'remote: - Changes must be made through a pull request.',
    );

    await protect({ enforce_admins: true });
    fs.writeFileSync(path.join(dir, 'README.md'), '# svc, again\n');
    await git(dir, 'commit', '--quiet', '-am', 'Again');
    const refused = await tryPush(dir, 'origin', 'main');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('GH006');

    await protect({ enforce_admins: false });
    await git(dir, 'reset', '--quiet', '--hard', 'HEAD~2');
    fs.writeFileSync(path.join(dir, 'README.md'), '# svc, rewritten\n');
    await git(dir, 'commit', '--quiet', '-am', 'Rewrite');
    const forced = await tryPush(dir, '--force', 'origin', 'main');
    expect(forced.ok).toBe(false);
    expect(forced.output).toContain(
      'remote: error: Cannot force-push to this branch',
    );
  });

  it('refuses the refs API on a protected branch: update 422, delete 422', async () => {
    await protect();
    const pr = await openPull();
    const feature = github.repos.branchHead('acme', 'svc', 'feature')!;
    await expect(
      portal.git.updateRef({ ...svc, ref: 'heads/main', sha: feature }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining(
        'Protected branch update failed for refs/heads/main.',
      ),
    });
    await expect(
      portal.git.deleteRef({ ...svc, ref: 'heads/main' }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Cannot delete this branch'),
    });
    // An unprotected branch is deleted as asked.
    await portal.pulls.update({ ...pr, state: 'closed' });
    await portal.git.deleteRef({ ...svc, ref: 'heads/feature' });
    expect(github.repos.branchHead('acme', 'svc', 'feature')).toBeUndefined();
  });

  it('merges only with an approval from someone with write access who is not the author', async () => {
    await protect({
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    const pr = await openPull();
    const head = github.repos.branchHead('acme', 'svc', 'feature')!;
    await passBuild(head);
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message:
        'At least 1 approving review is required by reviewers with write access.',
    });
    // The author (the portal) cannot approve its own pull request.
    await expect(
      portal.pulls.createReview({ ...pr, event: 'APPROVE' }),
    ).rejects.toMatchObject({ status: 422 });
    // grace reads the repository only (organization base permission).
    await as('grace').pulls.createReview({ ...pr, event: 'APPROVE' });
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
    });
    const { data: level } = await portal.repos.getCollaboratorPermissionLevel({
      ...svc,
      username: 'grace',
    });
    expect(level).toMatchObject({ permission: 'read', role_name: 'read' });
    // ada is a collaborator with push access: her approval counts.
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    const { data: reviews } = await portal.pulls.listReviews(pr);
    expect(reviews.map(r => [r.user?.login, r.state])).toEqual([
      ['grace', 'APPROVED'],
      ['ada', 'APPROVED'],
    ]);
    const { data } = await portal.pulls.merge(pr);
    expect(data.merged).toBe(true);
  });

  it('waits for the required check on the head, up to date with the base (strict)', async () => {
    await protect({
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    const pr = await openPull();
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    const head = github.repos.branchHead('acme', 'svc', 'feature')!;
    await portal.repos.createCommitStatus({
      ...svc,
      sha: head,
      state: 'failure',
      context: 'build',
    });
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: 'Required status check "build" is failing.',
    });
    // A check run of the same name satisfies the requirement too.
    await portal.checks.create({
      ...svc,
      name: 'build',
      head_sha: head,
      conclusion: 'success',
    });
    const { data: combined } = await portal.repos.getCombinedStatusForRef({
      ...svc,
      ref: head,
    });
    expect(combined).toMatchObject({ state: 'failure', total_count: 1 });
    // main moves on: strict checks want the branch brought up to date.
    github.repos.push('acme', 'svc', 'main', { 'NOTES.md': 'x\n' });
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: expect.stringContaining(
        'Head branch is not up to date with the base branch.',
      ),
    });
  });

  it('counts a code owner’s review only when the owning team has write access', async () => {
    await protect();
    const pr = await openPull();
    const head = github.repos.branchHead('acme', 'svc', 'feature')!;
    await passBuild(head);
    github.repos.requireRepo('acme', 'svc').collaborators.set('grace', 'push');
    // grace is on payments, which has no access to svc: not a valid owner.
    await as('grace').pulls.createReview({ ...pr, event: 'APPROVE' });
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: 'Waiting on code owner review from acme/sre.',
    });
    await portal.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'payments',
      owner: 'acme',
      repo: 'svc',
      permission: 'push',
    });
    const { data } = await portal.pulls.merge(pr);
    expect(data.merged).toBe(true);
  });

  it('dismisses stale approvals when new commits arrive', async () => {
    await protect({
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        dismiss_stale_reviews: true,
      },
      required_status_checks: null,
    });
    const pr = await openPull();
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    github.repos.push('acme', 'svc', 'feature', { 'src/more.js': '1;\n' });
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
    });
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    expect((await portal.pulls.merge(pr)).data.merged).toBe(true);
  });

  it('applies a repository ruleset to pushes and merges, except for its bypass actors', async () => {
    const sre = github.state.org('acme')!.teams.get('sre')!;
    const { data: created } = await portal.repos.createRepoRuleset({
      ...svc,
      name: 'main',
      target: 'branch',
      enforcement: 'active',
      bypass_actors: [
        // bypass_mode is newer than @octokit/rest's types.
        { actor_id: sre.id, actor_type: 'Team', bypass_mode: 'always' } as any,
      ],
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: false,
            require_code_owner_review: false,
            require_last_push_approval: false,
            required_review_thread_resolution: false,
          },
        },
        {
          type: 'required_status_checks',
          parameters: {
            required_status_checks: [{ context: 'build' }],
            strict_required_status_checks_policy: false,
          },
        },
        { type: 'non_fast_forward' },
        { type: 'deletion' },
      ],
    });
    expect(created).toMatchObject({
      name: 'main',
      source: 'acme/svc',
      source_type: 'Repository',
      current_user_can_bypass: 'never',
    });
    const { data: listed } = await portal.repos.getRepoRulesets(svc);
    expect(listed.map(r => r.id)).toEqual([created.id]);

    const dir = await cloneWithCommit(github.state.userToken('ada'));
    const push = await tryPush(dir, 'origin', 'main');
    expect(push.ok).toBe(false);
    expect(push.output).toContain(
      'remote: error: GH013: Repository rule violations found for refs/heads/main.',
    );
    expect(push.output).toContain(
      'remote: - Changes must be made through a pull request.',
    );
    expect(push.output).toContain(
      'remote: - 1 of 1 required status checks are expected.',
    );
    expect(push.output).toContain(
      '(push declined due to repository rule violations)',
    );
    await expect(
      portal.git.deleteRef({ ...svc, ref: 'heads/main' }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('Cannot delete this branch'),
    });

    const pr = await openPull();
    await expect(portal.pulls.merge(pr)).rejects.toMatchObject({
      status: 405,
      message: expect.stringContaining('Repository rule violations found'),
    });
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    await passBuild(github.repos.branchHead('acme', 'svc', 'feature')!);
    expect((await portal.pulls.merge(pr)).data.merged).toBe(true);

    // linus is on sre, a bypass actor: his direct push lands.
    const bypass = await cloneWithCommit(github.state.userToken('linus'));
    expect((await tryPush(bypass, 'origin', 'main')).ok).toBe(true);
  });

  it('auto-merges a pull request once its requirements are met', async () => {
    await protect({
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    const pr = await openPull();
    const { data: pull } = await portal.pulls.get(pr);
    const enable = () =>
      portal.graphql<any>(
        `mutation($id: ID!) {
          enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) {
            pullRequest { number autoMergeRequest { mergeMethod } }
          }
        }`,
        { id: pull.node_id },
      );
    // Only where the repository allows auto-merge (allow_auto_merge).
    await expect(enable()).rejects.toThrow(
      'Pull request Auto merge is not allowed for this repository',
    );
    github.repos.requireRepo('acme', 'svc').settings.allow_auto_merge = true;
    const enabled = await enable();
    expect(enabled.enablePullRequestAutoMerge.pullRequest).toEqual({
      number: pr.pull_number,
      autoMergeRequest: { mergeMethod: 'SQUASH' },
    });
    expect((await portal.pulls.get(pr)).data.auto_merge).toMatchObject({
      merge_method: 'squash',
      enabled_by: { login: 'groundwork-portal[bot]' },
    });
    await as('ada').pulls.createReview({ ...pr, event: 'APPROVE' });
    expect(github.repos.pulls('acme', 'svc')[0].state).toBe('open');
    await passBuild(github.repos.branchHead('acme', 'svc', 'feature')!);
    const [merged] = github.repos.pulls('acme', 'svc');
    expect(merged.state).toBe('closed');
    expect(merged.mergedAt).not.toBeNull();
    expect(github.repos.file('acme', 'svc', 'main', 'src/index.js')).toBe(
      'console.log(3);\n',
    );
  });

  it('invites an outside collaborator, who gets access only once they accept', async () => {
    github.state.addUser({ login: 'outsider' });
    const level = async (username: string) =>
      (await portal.repos.getCollaboratorPermissionLevel({ ...svc, username }))
        .data.permission;
    const { status, data } = await portal.repos.addCollaborator({
      ...svc,
      username: 'outsider',
      permission: 'push',
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      invitee: { login: 'outsider' },
      permissions: 'write',
    });
    expect(await level('outsider')).toBe('none');
    await expect(
      portal.repos.checkCollaborator({ ...svc, username: 'outsider' }),
    ).rejects.toMatchObject({ status: 404 });
    github.repos.acceptRepoInvitation('acme', 'svc', 'outsider');
    expect(await level('outsider')).toBe('write');
    expect(
      (await portal.repos.checkCollaborator({ ...svc, username: 'outsider' }))
        .status,
    ).toBe(204);
    // Organization members are added at once.
    const added = await portal.repos.addCollaborator({
      ...svc,
      username: 'grace',
      permission: 'maintain',
    });
    expect(added.status).toBe(204);
    expect(await level('grace')).toBe('write'); // maintain reads as write here
  });

  it('matches CODEOWNERS patterns as GitHub documents them', () => {
    const owns = (pattern: string, file: string) =>
      codeOwnersPattern(pattern).test(file);
    expect(owns('*', 'src/index.js')).toBe(true);
    expect(owns('*.js', 'src/index.js')).toBe(true);
    expect(owns('/build/logs/', 'build/logs/a.log')).toBe(true);
    expect(owns('/build/logs/', 'x/build/logs/a.log')).toBe(false);
    expect(owns('docs/*', 'docs/getting-started.md')).toBe(true);
    expect(owns('docs/*', 'docs/build-app/troubleshooting.md')).toBe(false);
    expect(owns('apps/', 'x/apps/a.txt')).toBe(true);
    expect(owns('/docs/', 'docs/a/b.md')).toBe(true);
    expect(owns('**/logs', 'deeply/nested/logs/x.log')).toBe(true);
  });
});
