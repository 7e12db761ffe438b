import { ArgoCdStandIn } from '../argocd';
import {
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
} from '../github/hosting';
import { ControlEndpoint, startControl } from './control';

describe('the control endpoint of the stand-ins program', () => {
  let argocd: ArgoCdStandIn;
  let github: GitHubHostingStandIn;
  let control: ControlEndpoint;

  beforeAll(async () => {
    argocd = await new ArgoCdStandIn({}).start();
    github = createGitHubHostingStandIn({ tokens: ['t'] });
    control = await startControl({ argocd, repos: github.repos });
  });
  afterAll(async () => {
    await control.stop();
    await argocd.stop();
  });

  const post = (route: string, body: unknown, token = control.token) =>
    fetch(`${control.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }).then(async r => ({ status: r.status, body: await r.json() }));

  it("plays the steps it is given on an app's next read", async () => {
    argocd.seedApplication(
      {
        metadata: { name: 'web', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://github.com/acme/web', path: '.' },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'web',
          },
        },
      },
      { status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } } },
    );
    const answer = await post('/argocd/applications/web/rollout', {
      steps: [
        {
          sync: 'Synced',
          health: 'Degraded',
          healthMessage: 'Deployment "web" exceeded its progress deadline',
        },
      ],
    });
    expect(answer.status).toBe(200);
    argocd.advance('web');
    expect(argocd.application('web')!.status.health).toMatchObject({
      status: 'Degraded',
      message: 'Deployment "web" exceeded its progress deadline',
    });
  });

  it('refuses other tokens, unknown apps and steps Argo CD would not report', async () => {
    const steps = [{ sync: 'Synced', health: 'Healthy' }];
    expect(
      (await post('/argocd/next-rollout', { steps }, 'guessed')).status,
    ).toBe(401);
    expect(
      await post('/argocd/applications/nothing/rollout', { steps }),
    ).toEqual({
      status: 404,
      body: { error: 'No Application argocd/nothing in the stand-in' },
    });
    const bad = await post('/argocd/next-rollout', {
      steps: [{ sync: 'Synced', health: 'Broken' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^steps\[0\]: bad health/);
  });

  it('pushes a commit as CI would, onto a branch that exists', async () => {
    github.state.addOrg({ login: 'acme' });
    github.repos.addRepo({
      owner: 'acme',
      name: 'svc',
      files: { 'deploy/dev.yaml': 'newTag: unreleased\n', 'old.txt': 'x' },
    });
    const pushed = await post('/github/repos/acme/svc/push', {
      branch: 'main',
      files: { 'deploy/dev.yaml': 'newTag: 3f78685\n', 'old.txt': null },
      message: 'deploy: svc to dev',
    });
    expect(pushed.status).toBe(200);
    expect(github.repos.branchHead('acme', 'svc', 'main')).toBe(
      pushed.body.sha,
    );
    expect(github.repos.files('acme', 'svc', 'main')).toEqual({
      'deploy/dev.yaml': 'newTag: 3f78685\n',
    });
    expect(github.repos.history('acme', 'svc', 'main')[0].message).toBe(
      'deploy: svc to dev',
    );

    const missing = await post('/github/repos/acme/svc/push', {
      branch: 'release',
      files: { a: 'b' },
      message: 'm',
    });
    expect(missing).toEqual({
      status: 404,
      body: { error: 'No branch release in acme/svc.' },
    });
    for (const files of [{}, { '../escape': 'x' }, { '/abs': 'x' }, { a: 1 }]) {
      const bad = await post('/github/repos/acme/svc/push', {
        branch: 'main',
        files,
        message: 'm',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/^push: bad files/);
    }
  });
});
