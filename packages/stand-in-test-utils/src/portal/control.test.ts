import { ArgoCdStandIn } from '../argocd';
import { ControlEndpoint, startControl } from './control';

describe('the control endpoint of the stand-ins program', () => {
  let argocd: ArgoCdStandIn;
  let control: ControlEndpoint;

  beforeAll(async () => {
    argocd = await new ArgoCdStandIn({}).start();
    control = await startControl({ argocd });
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
});
