import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { ArgoCdClient } from './client';

const EKS = 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com';

const cluster = (labels: Record<string, string> = {}) => ({
  server: EKS,
  name: 'platform-dev',
  config: {
    awsAuthConfig: {
      clusterName: 'platform-dev',
      roleARN: 'arn:aws:iam::111111111111:role/argocd',
    },
    tlsClientConfig: { caData: 'LS0tLS1CRUdJTg==' },
  },
  labels,
});

describe('ArgoCdClient clusters', () => {
  let argocd: ArgoCdStandIn;
  let client: ArgoCdClient;

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      unreachableClusters: ['https://10.0.0.1'],
    }).start();
    client = new ArgoCdClient({
      instance: {
        name: 'central',
        url: argocd.url,
        uiUrl: argocd.url,
        token: 'argocd-test-token',
        requestTimeoutMs: 5_000,
      },
      maxRetries: 1,
      backoffMs: 1,
    });
  });
  afterEach(async () => {
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('registers a cluster, idempotently, and replaces a changed one with upsert', async () => {
    const created = await client.createCluster(cluster(), { upsert: true });
    expect(created).toMatchObject({ server: EKS, name: 'platform-dev' });
    await client.createCluster(cluster(), { upsert: true });
    await client.createCluster(cluster({ env: 'dev' }), { upsert: true });
    expect(argocd.clusterApi.cluster(EKS)?.labels).toEqual({ env: 'dev' });
    expect(argocd.callsTo('ClusterService_Create').map(c => c.query)).toEqual(
      [1, 2, 3].map(() => ({ upsert: ['true'] })),
    );
    expect((await client.getCluster(EKS)).name).toBe('platform-dev');
  });

  it('says a cluster Argo CD does not show is unregistered or forbidden, as Argo CD cannot tell', async () => {
    const error = await client.getCluster(EKS).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      `either ${EKS} is not registered, or the account behind the token lacks "clusters, get"`,
    );
  });

  it('maps a refusal and an unreachable cluster to errors that say what to do', async () => {
    await expect(
      client.createCluster({
        server: 'https://10.0.0.1',
        name: 'x',
        config: {},
      }),
    ).rejects.toThrow(
      /answered 500 to POST \/api\/v1\/clusters: error getting server version: .*, after 2 attempts/,
    );
    argocd.clusterApi.deny({ action: 'create' });
    await expect(client.createCluster(cluster())).rejects.toThrow(
      /answered 403 to POST \/api\/v1\/clusters: permission denied while creating cluster.*grant it in argocd-rbac-cm/,
    );
  });
});
