import {
  ArgoCdCrds,
  ArgoCdStandIn,
  createGitHubStandIn,
  gitHubContract,
  GitHubStandIn,
  gitRepos,
  repoHandlers,
} from '@groundwork/stand-in-test-utils';
import { parse, stringify } from 'yaml';
import {
  authorizing,
  configWith,
  paymentsInput,
  run,
} from '../../__testUtils__/harness';
import { createArgoCdCreateAppAction } from '../../actions/createApp';
import { examples } from '../../actions/createApp.examples';

const GITHUB_TOKEN = 'ghs_portal_integration';
const APP_PATH = 'apps/dev/dev/payments-dev.yaml';
const BRANCH = 'backstage/argocd/apps/dev/dev/payments-dev';

const gitopsInput = (overrides: Record<string, unknown> = {}) =>
  paymentsInput({ mode: 'gitops', ...overrides });

describe('argocd:create-app in GitOps mode', () => {
  let github: GitHubStandIn;
  let argocd: ArgoCdStandIn;
  const repos = () => gitRepos(github.state);
  const crds = ArgoCdCrds.get();

  const actionFor = (
    gitops: Record<string, unknown>,
    { token = GITHUB_TOKEN, apiBaseUrl = github.url } = {},
  ) =>
    createArgoCdCreateAppAction({
      ...authorizing(),
      config: configWith({
        instances: [{ name: 'dev', url: argocd.url }],
        extra: {
          integrations: {
            github: [{ host: 'github.com', apiBaseUrl, token }],
          },
          argocd: {
            gitops: { repository: 'https://github.com/acme/gitops', ...gitops },
          },
        },
      }),
      wait: { pollIntervalMs: 5, maxPollIntervalMs: 20 },
      client: { backoffMs: 1 },
    });

  const file = (ref: string, path = APP_PATH) =>
    repos().file('acme', 'gitops', ref, path);

  // GitHub's description is 13 MB and the CRD schemas are large: load and
  // compile them once here, not inside the first test's time budget.
  beforeAll(() => {
    gitHubContract();
    crds.validateManifest({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'warm-up' },
      spec: {},
    });
  }, 60_000);

  beforeEach(async () => {
    github = await createGitHubStandIn({
      handlers: repoHandlers,
      tokens: [GITHUB_TOKEN],
    }).start();
    github.state.addOrg({ login: 'acme' });
    repos().addRepo({
      owner: 'acme',
      name: 'gitops',
      files: { 'README.md': '# GitOps\n' },
    });
    argocd = await new ArgoCdStandIn().start();
  });
  afterEach(async () => {
    // Every GitHub call was one api.github.com's description allows.
    github.assertNoViolations();
    argocd.assertNoViolations();
    await github.stop();
    await argocd.stop();
  });

  describe('pull-request mode', () => {
    it('opens a pull request with a manifest a cluster accepts', async () => {
      const action = actionFor({ mode: 'pull-request' });
      const { outputs, error, log } = await run(
        action,
        gitopsInput({ finalizer: true }),
      );
      expect(error).toBeUndefined();
      const [pull] = repos().pulls('acme', 'gitops');
      expect(pull).toMatchObject({
        head: BRANCH,
        base: 'main',
        state: 'open',
        title: 'Argo CD: payments-dev for component:default/payments (dev)',
      });
      expect(outputs).toMatchObject({
        change: 'pull-request',
        pullRequestUrl: `${github.url}/acme/gitops/pull/1`,
        appNamespace: 'argocd',
        url: `${argocd.url}/applications/argocd/payments-dev`,
        revision: repos().branchHead('acme', 'gitops', BRANCH),
      });
      const manifest = parse(file(BRANCH)!);
      expect(crds.validateManifest(manifest)).toEqual([]);
      expect(manifest).toMatchObject({
        kind: 'Application',
        metadata: {
          name: 'payments-dev',
          namespace: 'argocd',
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
          labels: {
            'groundwork.dev/entity-name': 'payments',
            'groundwork.dev/environment': 'dev',
          },
        },
      });
      expect(file('main')).toBeUndefined();
      expect(log).toContain('Opened pull request #1');
      // The portal's integration credentials, never anything from the template.
      expect(
        github.calls.every(c =>
          /^token ghs_portal_integration$/i.test(
            String(c.headers.authorization),
          ),
        ),
      ).toBe(true);
      expect(argocd.calls).toHaveLength(0);
    });

    it('is idempotent: the same step twice makes no commit and no second pull request', async () => {
      const action = actionFor({ mode: 'pull-request' });
      await run(action, gitopsInput());
      const head = repos().branchHead('acme', 'gitops', BRANCH);
      const second = await run(action, gitopsInput());
      expect(second.error).toBeUndefined();
      expect(second.outputs).toMatchObject({
        change: 'unchanged',
        pullRequestUrl: `${github.url}/acme/gitops/pull/1`,
      });
      expect(repos().pulls('acme', 'gitops')).toHaveLength(1);
      expect(repos().branchHead('acme', 'gitops', BRANCH)).toBe(head);
      expect(github.callsTo('git/create-commit')).toHaveLength(1);
    });

    it('updates the open pull request when the spec changes, rather than opening another', async () => {
      const action = actionFor({ mode: 'pull-request' });
      await run(action, gitopsInput());
      const changed = gitopsInput({
        source: {
          repoURL: 'https://github.com/acme/payments',
          targetRevision: 'v2',
          path: 'deploy/overlays/dev',
        },
      });
      const { outputs, log } = await run(action, changed);
      expect(outputs).toMatchObject({
        change: 'pull-request',
        pullRequestUrl: `${github.url}/acme/gitops/pull/1`,
      });
      expect(log).toContain('Updated pull request #1');
      expect(repos().pulls('acme', 'gitops')).toHaveLength(1);
      expect(repos().history('acme', 'gitops', BRANCH)).toHaveLength(3);
      expect(parse(file(BRANCH)!).spec.source.targetRevision).toBe('v2');
    });

    it('after the merge, the same step changes nothing; a closed pull request leaves a branch that is reused', async () => {
      const action = actionFor({ mode: 'pull-request' });
      await run(action, gitopsInput());
      repos().mergePull('acme', 'gitops', 1);
      const merged = await run(action, gitopsInput());
      expect(merged.outputs).toMatchObject({ change: 'unchanged' });
      expect(merged.outputs.pullRequestUrl).toBeUndefined();

      const changed = gitopsInput({
        syncPolicy: { automated: { prune: false } },
      });
      await run(action, changed);
      repos().closePull('acme', 'gitops', 2);
      const reopened = await run(
        action,
        gitopsInput({
          syncPolicy: { automated: { prune: false, selfHeal: true } },
        }),
      );
      expect(reopened.error).toBeUndefined();
      expect(
        repos()
          .pulls('acme', 'gitops')
          .map(p => p.state),
      ).toEqual(['closed', 'closed', 'open']);
      // The branch was started again from main, not stacked on the closed attempt.
      expect(repos().history('acme', 'gitops', BRANCH)[1].sha).toBe(
        repos().branchHead('acme', 'gitops', 'main'),
      );
    });
  });

  describe('commit mode', () => {
    it('commits to the base branch once, and not again for an identical file', async () => {
      const action = actionFor({ mode: 'commit', baseBranch: 'main' });
      const first = await run(action, gitopsInput());
      expect(first.error).toBeUndefined();
      expect(first.outputs).toMatchObject({
        change: 'committed',
        revision: repos().branchHead('acme', 'gitops', 'main'),
      });
      expect(crds.validateManifest(parse(file('main')!))).toEqual([]);
      const [commit] = repos().history('acme', 'gitops', 'main');
      expect(commit.message).toMatch(
        /^argocd: payments-dev for component:default\/payments \(dev\)\n\n- Application apps\/dev\/dev\/payments-dev.yaml/,
      );
      const second = await run(action, gitopsInput());
      expect(second.outputs.change).toBe('unchanged');
      expect(repos().history('acme', 'gitops', 'main')).toHaveLength(2);
      expect(repos().pulls('acme', 'gitops')).toHaveLength(0);
    });

    it('keeps what others added to the file, and refuses a different one without upsert', async () => {
      const action = actionFor({ mode: 'commit' });
      await run(action, gitopsInput());
      const edited = parse(file('main')!);
      edited.metadata.annotations[
        'notifications.argoproj.io/subscribe.on-sync-failed.slack'
      ] = 'payments';
      repos().push('acme', 'gitops', 'main', {
        [APP_PATH]: JSON.stringify(edited),
      });
      const same = await run(action, gitopsInput());
      expect(same.outputs.change).toBe('unchanged');
      const refused = await run(
        action,
        gitopsInput({
          upsert: false,
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'other',
          },
        }),
      );
      expect(refused.error).toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          '- spec.destination.namespace: acme/gitops@main:apps/dev/dev/payments-dev.yaml has "payments-dev", the template asks for "other"',
        ),
      });
      const updated = await run(
        action,
        gitopsInput({
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'other',
          },
        }),
      );
      expect(updated.outputs.change).toBe('committed');
      expect(parse(file('main')!).metadata.annotations).toMatchObject({
        'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'payments',
      });
    });

    it('commits again on top when someone pushed in between', async () => {
      let pushed = false;
      // Same repositories, but someone pushes right after our commit object
      // is written and before the branch moves.
      const racing = await createGitHubStandIn({
        state: github.state,
        tokens: [GITHUB_TOKEN],
        handlers: {
          ...repoHandlers,
          'git/create-commit': async (request, state) => {
            const answer = await repoHandlers['git/create-commit'](
              request,
              state,
            );
            if (!pushed) {
              pushed = true;
              repos().push('acme', 'gitops', 'main', { 'other.txt': 'hello' });
            }
            return answer;
          },
        },
      }).start();
      const action = actionFor({ mode: 'commit' }, { apiBaseUrl: racing.url });
      const { error, log } = await run(action, gitopsInput());
      racing.assertNoViolations();
      await racing.stop();
      expect(error).toBeUndefined();
      expect(log).toContain(
        'Someone pushed to acme/gitops@main meanwhile; trying again',
      );
      expect(file('main', 'other.txt')).toBe('hello');
      expect(file('main')).toBeDefined();
    });

    it('waits for the app-of-apps to create the Application and for it to be healthy', async () => {
      const action = actionFor({ mode: 'commit' });
      // The app-of-apps: once the manifest is on main, Argo CD creates the Application.
      const appOfApps = setInterval(() => {
        const text = file('main');
        // ...after the step has looked once and found nothing.
        const looked = argocd.callsTo('ApplicationService_Get').length > 0;
        if (text && looked && !argocd.application('payments-dev')) {
          const { apiVersion, kind, ...app } = parse(text);
          argocd.seedApplication(app);
          argocd.setRollout('payments-dev', [
            { sync: 'OutOfSync', health: 'Missing', phase: 'Running' },
            { sync: 'Synced', health: 'Healthy', phase: 'Succeeded' },
          ]);
        }
      }, 5);
      try {
        const { outputs, error, log } = await run(
          action,
          gitopsInput({ waitFor: 'healthy' }),
        );
        expect(error).toBeUndefined();
        expect(outputs).toMatchObject({
          change: 'committed',
          syncStatus: 'Synced',
          healthStatus: 'Healthy',
        });
        expect(log).toContain(
          'payments-dev: not in Argo CD yet, waiting for the app-of-apps to create it',
        );
        expect(log).toContain(
          'payments-dev: sync OutOfSync → Synced, health Missing → Healthy',
        );
      } finally {
        clearInterval(appOfApps);
      }
    });
  });

  it('writes the AppProject beside the Application, and refuses to change a different one', async () => {
    const action = actionFor({ mode: 'commit' });
    const input = gitopsInput({ project: 'payments', projectMode: 'create' });
    const { error } = await run(action, input);
    expect(error).toBeUndefined();
    const project = parse(file('main', 'projects/dev/payments.yaml')!);
    expect(crds.validateManifest(project)).toEqual([]);
    expect(project).toMatchObject({
      kind: 'AppProject',
      metadata: { name: 'payments', namespace: 'argocd' },
    });
    expect(github.callsTo('git/create-commit')).toHaveLength(1);

    project.spec.sourceRepos = ['*'];
    repos().push('acme', 'gitops', 'main', {
      'projects/dev/payments.yaml': JSON.stringify(project),
    });
    const refused = await run(action, input);
    expect(refused.error?.message).toContain(
      '- spec.sourceRepos: acme/gitops@main:projects/dev/payments.yaml has ["*"], the template asks for ["https://github.com/acme/payments"]',
    );
  });

  describe('projectMode: merge, one project file shared by a team', () => {
    const PROJECT_PATH = 'projects/dev/payments-dev.yaml';
    const IN_CLUSTER = 'https://kubernetes.default.svc';
    const ledger = (spec?: object) =>
      gitopsInput({
        name: 'ledger-dev',
        entityRef: 'component:default/ledger',
        project: 'payments-dev',
        projectMode: 'merge',
        source: {
          repoURL: 'https://github.com/acme/ledger',
          targetRevision: 'main',
          path: 'deploy/overlays/dev',
        },
        destination: { server: IN_CLUSTER, namespace: 'ledger-dev' },
        ...(spec && { projectSpec: spec }),
      });
    const teamProject = () => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: 'payments-dev',
        namespace: 'argocd',
        labels: { 'acme.dev/team': 'payments' },
      },
      spec: {
        description: 'Payments team, dev',
        sourceRepos: ['https://github.com/acme/payments'],
        destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
        roles: [{ name: 'deployers', groups: ['acme:payments'] }],
      },
    });
    const merged = () => ({
      ...teamProject(),
      spec: {
        ...teamProject().spec,
        sourceRepos: [
          'https://github.com/acme/payments',
          'https://github.com/acme/ledger',
        ],
        destinations: [
          { server: IN_CLUSTER, namespace: 'payments-dev' },
          { server: IN_CLUSTER, namespace: 'ledger-dev' },
        ],
      },
    });
    const ledgerAppPath = 'apps/dev/dev/ledger-dev.yaml';

    it('commit mode: writes the merged project file in the same commit as the Application, then nothing', async () => {
      repos().push('acme', 'gitops', 'main', {
        [PROJECT_PATH]: stringify(teamProject()),
      });
      const action = actionFor({ mode: 'commit' });
      const first = await run(action, ledger());
      expect(first.error).toBeUndefined();
      expect(first.outputs.change).toBe('committed');
      const project = parse(file('main', PROJECT_PATH)!);
      expect(project).toEqual(merged());
      expect(crds.validateManifest(project)).toEqual([]);
      expect(parse(file('main', ledgerAppPath)!).spec.project).toBe(
        'payments-dev',
      );
      const [commit] = repos().history('acme', 'gitops', 'main');
      expect(commit.message).toContain(
        `- AppProject ${PROJECT_PATH}\n- Application ${ledgerAppPath}`,
      );
      expect(github.callsTo('git/create-commit')).toHaveLength(1);
      expect(first.log).toContain(
        `Adding to the Argo CD project in acme/gitops@main:${PROJECT_PATH}:\n` +
          '- sourceRepos: https://github.com/acme/ledger\n' +
          `- destinations: server ${IN_CLUSTER} namespace ledger-dev`,
      );

      const again = await run(action, ledger());
      expect(again.outputs.change).toBe('unchanged');
      expect(github.callsTo('git/create-commit')).toHaveLength(1);
    });

    it('pull-request mode: the project file is changed in the pull request, not on the base branch', async () => {
      repos().push('acme', 'gitops', 'main', {
        [PROJECT_PATH]: stringify(teamProject()),
      });
      const action = actionFor({ mode: 'pull-request' });
      const { error, outputs } = await run(action, ledger());
      expect(error).toBeUndefined();
      expect(outputs.change).toBe('pull-request');
      const branch = 'backstage/argocd/apps/dev/dev/ledger-dev';
      expect(parse(file(branch, PROJECT_PATH)!)).toEqual(merged());
      expect(parse(file('main', PROJECT_PATH)!)).toEqual(teamProject());
      const [pull] = repos().pulls('acme', 'gitops');
      expect(pull.body).toContain(
        `add to the shared project ${PROJECT_PATH}:\n- sourceRepos: https://github.com/acme/ledger`,
      );
    });

    it('creates the project file when there is none, as projectMode: create does', async () => {
      const action = actionFor({ mode: 'commit' });
      const { error } = await run(action, ledger());
      expect(error).toBeUndefined();
      expect(parse(file('main', PROJECT_PATH)!).spec).toEqual({
        sourceRepos: ['https://github.com/acme/ledger'],
        destinations: [{ server: IN_CLUSTER, namespace: 'ledger-dev' }],
      });
    });

    it('dry-run shows the project it would merge and calls nothing', async () => {
      const { log, error } = await run(
        actionFor({ mode: 'commit' }),
        ledger(),
        {
          isDryRun: true,
        },
      );
      expect(error).toBeUndefined();
      expect(github.calls).toHaveLength(0);
      const shown = log.split(
        `${PROJECT_PATH} (when the file exists, only what it lacks of this is added to it):\n`,
      )[1];
      expect(parse(shown.split('\ninfo: ')[0]).spec.sourceRepos).toEqual([
        'https://github.com/acme/ledger',
      ]);
    });

    it('refuses to blacklist a kind for the whole team, committing nothing', async () => {
      repos().push('acme', 'gitops', 'main', {
        [PROJECT_PATH]: stringify(teamProject()),
      });
      const commits = repos().history('acme', 'gitops', 'main').length;
      const { error } = await run(
        actionFor({ mode: 'commit' }),
        ledger({
          namespaceResourceBlacklist: [{ group: '', kind: 'LimitRange' }],
        }),
      );
      expect(error).toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          `projectSpec.namespaceResourceBlacklist asks to blacklist LimitRange in the Argo CD project "payments-dev" on acme/gitops@main:${PROJECT_PATH}`,
        ),
      });
      expect(repos().history('acme', 'gitops', 'main')).toHaveLength(commits);
    });
  });

  it('dry-run renders the manifests and calls neither GitHub nor Argo CD', async () => {
    const action = actionFor({ mode: 'pull-request' });
    const { outputs, log, error } = await run(action, gitopsInput(), {
      isDryRun: true,
    });
    expect(error).toBeUndefined();
    expect(github.calls).toHaveLength(0);
    expect(argocd.calls).toHaveLength(0);
    expect(log).toContain(
      `Dry run: would open or update a pull request into main of acme/gitops: ${APP_PATH}. Nothing was sent.`,
    );
    expect(
      crds.validateManifest(parse(log.split(`${APP_PATH}:\n`)[1])),
    ).toEqual([]);
    expect(outputs).toMatchObject({
      change: 'unchanged',
      appName: 'payments-dev',
    });
  });

  it('says what to do when GitHub refuses the credentials or the branch is missing', async () => {
    const wrong = await run(
      actionFor({ mode: 'commit' }, { token: 'ghs_revoked' }),
      gitopsInput(),
    );
    expect(wrong.error).toMatchObject({
      name: 'AuthenticationError',
      message: expect.stringContaining(
        'renew the token or GitHub App key in integrations.github',
      ),
    });
    // GitHub answers 401 on every operation, though its description documents
    // it on few; the core stand-in reports that as its own response problem.
    expect(github.violations).toEqual([
      'git/get-ref: status 401 is not a documented response',
    ]);
    github.violations.length = 0;
    const branch = await run(
      actionFor({ mode: 'commit', baseBranch: 'production' }),
      gitopsInput(),
    );
    expect(branch.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(
        'The branch production does not exist in acme/gitops. Set argocd.gitops.baseBranch',
      ),
    });
    github.inject({ operationId: 'git/get-ref', status: 502 });
    const retried = await run(actionFor({ mode: 'commit' }), gitopsInput());
    expect(retried.error).toBeUndefined();
    expect(retried.log).toMatch(
      /GitHub: GET \/repos\/\{owner\}\/\{repo\}\/git\/ref\/\{ref\} failed \(502: .*\); retrying in 1 s \(1 of 3\)/,
    );
    const waitInPr = await run(
      actionFor({ mode: 'pull-request' }),
      gitopsInput({ waitFor: 'healthy' }),
    );
    expect(waitInPr.error?.message).toContain(
      'cannot be met in pull-request mode',
    );
    const unconfigured = await run(
      createArgoCdCreateAppAction({
        ...authorizing(),
        ...authorizing(),
        config: configWith({ instances: [] }),
      }),
      gitopsInput(),
    );
    expect(unconfigured.error?.message).toContain(
      'mode: gitops needs argocd.gitops',
    );
  });

  it('runs the GitOps example', async () => {
    const example = examples.find(e => e.example.includes('mode: gitops'))!;
    const step = parse(example.example).steps[0];
    const { error, outputs } = await run(actionFor({}), step.input);
    expect(error).toBeUndefined();
    expect(outputs.pullRequestUrl).toBe(`${github.url}/acme/gitops/pull/1`);
    const manifest = parse(
      file(
        'backstage/argocd/apps/dev/staging/payments-staging',
        'apps/dev/staging/payments-staging.yaml',
      )!,
    );
    expect(crds.validateManifest(manifest)).toEqual([]);
  });
});
