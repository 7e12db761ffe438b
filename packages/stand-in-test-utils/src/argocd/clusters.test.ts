import { ArgoCdStandIn } from './ArgoCdStandIn';

const TOKEN = 'argocd-test-token';
const EKS = 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com';

/** A keyless EKS registration, as argocd:register-cluster sends it. */
const eks = (overrides: Record<string, unknown> = {}) => ({
  server: EKS,
  name: 'platform-dev',
  config: {
    awsAuthConfig: {
      clusterName: 'platform-dev',
      roleARN: 'arn:aws:iam::111111111111:role/argocd',
    },
    tlsClientConfig: { caData: 'LS0tLS1CRUdJTg==' },
  },
  labels: { 'groundwork.dev/environment': 'dev' },
  ...overrides,
});

describe('ArgoCdStandIn clusters (server/cluster/cluster.go)', () => {
  let argocd: ArgoCdStandIn;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${argocd.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const get = (server: string) =>
    call('GET', `/api/v1/clusters/${encodeURIComponent(server)}`);

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      unreachableClusters: ['https://10.0.0.1'],
    }).start();
  });
  afterEach(async () => {
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('answers 403, not 404, for a cluster that is not registered', async () => {
    const missing = await get(EKS);
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: 7 });
    expect(missing.body.message).toMatch(/permission denied$/);
    // The in-cluster destination is always there.
    expect((await get('https://kubernetes.default.svc')).body.name).toBe(
      'in-cluster',
    );
  });

  it('registers a cluster, is idempotent for the same spec, and needs upsert for a different one', async () => {
    const created = await call('POST', '/api/v1/clusters', eks());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      server: EKS,
      name: 'platform-dev',
      config: { awsAuthConfig: { clusterName: 'platform-dev' } },
      connectionState: { status: 'Successful' },
    });
    expect((await call('POST', '/api/v1/clusters', eks())).status).toBe(200);

    const changed = eks({ labels: { 'groundwork.dev/environment': 'lab' } });
    const refused = await call('POST', '/api/v1/clusters', changed);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      'existing cluster spec is different; use upsert flag to force update',
    );
    const upserted = await call(
      'POST',
      '/api/v1/clusters?upsert=true',
      changed,
    );
    expect(upserted.status).toBe(200);
    expect(argocd.clusterApi.cluster(EKS)?.labels).toEqual({
      'groundwork.dev/environment': 'lab',
    });
    expect((await get(EKS)).body.name).toBe('platform-dev');
    expect(
      (await call('GET', '/api/v1/clusters?name=platform-dev')).body.items,
    ).toHaveLength(1);
  });

  it('lets Applications target the cluster once it is registered, by name or server', async () => {
    const app = (destination: Record<string, string>) => ({
      metadata: { name: 'addons' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/acme/p', path: 'x' },
        destination: { ...destination, namespace: 'argocd' },
      },
    });
    const before = await call(
      'POST',
      '/api/v1/applications',
      app({ name: 'platform-dev' }),
    );
    expect(before.status).toBe(400);
    expect(before.body.message).toContain(
      'there are no clusters with this name: platform-dev',
    );
    await call('POST', '/api/v1/clusters', eks());
    expect(
      (
        await call(
          'POST',
          '/api/v1/applications',
          app({ name: 'platform-dev' }),
        )
      ).status,
    ).toBe(200);
  });

  it('never answers credentials: bearer token, key and exec args and env are blanked', async () => {
    const aks = {
      server: 'https://platform-azdev.hcp.westeurope.azmk8s.io:443',
      name: 'platform-azdev',
      config: {
        bearerToken: 'secret-token',
        tlsClientConfig: { caData: 'Q0E=', keyData: 'S0VZ' },
        execProviderConfig: {
          command: 'argocd-k8s-auth',
          args: ['azure'],
          env: { AZURE_CLIENT_ID: 'c' },
          apiVersion: 'client.authentication.k8s.io/v1beta1',
        },
      },
    };
    const created = await call('POST', '/api/v1/clusters', aks);
    const text = JSON.stringify(created.body);
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('S0VZ');
    expect(created.body.config.execProviderConfig).toEqual({
      command: 'argocd-k8s-auth',
      env: {},
      apiVersion: 'client.authentication.k8s.io/v1beta1',
    });
    // Stored as sent: Argo CD keeps what it needs to connect.
    expect(argocd.clusterApi.cluster(aks.server)?.config?.bearerToken).toBe(
      'secret-token',
    );
  });

  it('refuses by RBAC with 403 and fails a cluster it cannot reach', async () => {
    argocd.clusterApi.deny({ action: 'create', object: 'https://*.eks.*' });
    const denied = await call('POST', '/api/v1/clusters', eks());
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(
      /^permission denied while creating cluster: permission denied: clusters, create, https:\/\/ABCDEF/,
    );
    const unreachable = await call('POST', '/api/v1/clusters', {
      server: 'https://10.0.0.1',
      name: 'private',
      config: {},
    });
    expect(unreachable.status).toBe(500);
    expect(unreachable.body.message).toMatch(/^error getting server version/);
    expect(argocd.clusterApi.cluster('https://10.0.0.1')).toBeUndefined();
  });
});
