import { mockServices } from '@backstage/backend-test-utils';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { authorizing, configWith, run } from '../__testUtils__/harness';
import { createArgoCdRegisterClusterAction } from './registerCluster';

const EKS = 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com';
const ROLE = 'arn:aws:iam::999999999999:role/argocd-central';
const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t';

const ENVIRONMENTS = [
  { name: 'dev', delivery: { mode: 'central', awsRoleArn: ROLE } },
  {
    name: 'lab',
    delivery: {
      mode: 'central',
      gcpServiceAccount: 'argocd@p.iam.gserviceaccount.com',
    },
  },
  {
    name: 'azdev',
    delivery: {
      mode: 'central',
      azureIdentity: {
        clientId: 'client-1',
        principalId: 'object-1',
        tenantId: 'tenant-1',
      },
    },
  },
  { name: 'edge', delivery: { mode: 'in-cluster' } },
  { name: 'bare' },
  {
    name: 'prod',
    production: true,
    delivery: { mode: 'central', awsRoleArn: ROLE },
  },
];

const input = (overrides: Record<string, unknown> = {}) => ({
  entityRef: 'resource:default/environment-dev',
  environment: 'dev',
  name: 'platform-dev',
  server: EKS,
  caData: CA,
  auth: { provider: 'aws', clusterName: 'platform-dev' },
  ...overrides,
});

describe('argocd:register-cluster', () => {
  let argocd: ArgoCdStandIn;
  let action: ReturnType<typeof createArgoCdRegisterClusterAction>;

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      unreachableClusters: ['https://10.0.0.1'],
    }).start();
    action = createArgoCdRegisterClusterAction({
      config: configWith({
        instances: [{ name: 'central', url: argocd.url }],
        defaultInstance: 'central',
        environments: ENVIRONMENTS as any,
      }),
      ...authorizing(),
      client: { maxRetries: 0, backoffMs: 1 },
    });
  });
  afterEach(async () => {
    argocd.assertNoViolations();
    await argocd.stop();
  });

  const go = (i: Record<string, unknown>, isDryRun = false) =>
    run(action as any, i, { isDryRun });

  it('registers an EKS cluster keylessly as the configured IAM role, idempotently', async () => {
    const first = await go(input());
    expect(first.error).toBeUndefined();
    expect(first.outputs).toEqual({
      name: 'platform-dev',
      server: EKS,
      instance: 'central',
      connectionStatus: 'Successful',
    });
    expect(argocd.clusterApi.cluster(EKS)).toEqual({
      server: EKS,
      name: 'platform-dev',
      config: {
        awsAuthConfig: { clusterName: 'platform-dev', roleARN: ROLE },
        tlsClientConfig: { caData: CA, insecure: false },
      },
      labels: { 'groundwork.dev/environment': 'dev' },
    });
    expect(first.log).toContain(`authenticated as ${ROLE}`);
    const again = await go(input());
    expect(again.error).toBeUndefined();
    expect(
      argocd.callsTo('ClusterService_Create').map(c => c.query.upsert),
    ).toEqual([['true'], ['true']]);
  });

  it('registers GKE and AKS clusters through argocd-k8s-auth with workload identity, no secret anywhere', async () => {
    const gke = await go(
      input({
        environment: 'lab',
        entityRef: 'resource:default/environment-lab',
        name: 'platform-lab',
        server: 'https://34.77.10.1',
        auth: { provider: 'gcp' },
      }),
    );
    expect(gke.error).toBeUndefined();
    expect(argocd.clusterApi.cluster('https://34.77.10.1')?.config).toEqual({
      execProviderConfig: {
        command: 'argocd-k8s-auth',
        args: ['gcp'],
        apiVersion: 'client.authentication.k8s.io/v1beta1',
      },
      tlsClientConfig: { caData: CA, insecure: false },
    });
    const aksServer = 'https://platform-azdev.hcp.westeurope.azmk8s.io:443';
    const aks = await go(
      input({
        environment: 'azdev',
        entityRef: 'resource:default/environment-azdev',
        name: 'platform-azdev',
        server: aksServer,
        auth: { provider: 'azure' },
      }),
    );
    expect(aks.error).toBeUndefined();
    const config = argocd.clusterApi.cluster(aksServer)?.config as any;
    expect(config.execProviderConfig.env).toMatchObject({
      AAD_LOGIN_METHOD: 'workloadidentity',
      AZURE_CLIENT_ID: 'client-1',
      AZURE_TENANT_ID: 'tenant-1',
    });
    for (const c of argocd.callsTo('ClusterService_Create')) {
      const sent = JSON.stringify(c.body);
      expect(sent).not.toMatch(/bearerToken|password|keyData|certData/);
    }
  });

  it('sends nothing in a dry run and says what it would do', async () => {
    const r = await go(input(), true);
    expect(r.error).toBeUndefined();
    expect(r.log).toContain(
      `Dry run: would register ${EKS} as "platform-dev" with Argo CD instance "central"`,
    );
    expect(r.outputs.connectionStatus).toBe('Unknown');
    expect(argocd.callsTo('ClusterService_Create')).toEqual([]);
  });

  it('refuses in-cluster environments, missing identities and insecure servers before any call', async () => {
    const edge = await go(
      input({
        environment: 'edge',
        entityRef: 'resource:default/environment-edge',
      }),
    );
    expect(edge.error?.message).toContain(
      'has delivery.mode in-cluster: its cluster runs its own Argo CD',
    );
    const bare = await go(
      input({
        environment: 'bare',
        entityRef: 'resource:default/environment-bare',
      }),
    );
    expect(bare.error?.name).toBe('InputError');
    expect(bare.error?.message).toContain(
      'groundwork.environments entry "bare" has no delivery.awsRoleArn',
    );
    const http = await go(input({ server: 'http://10.0.0.1' }));
    expect(http.error?.message).toContain('server must be an https:// URL');
    expect(argocd.callsTo('ClusterService_Create')).toEqual([]);
  });

  it('refuses production to whom the policy does not let change it', async () => {
    const denied = createArgoCdRegisterClusterAction({
      config: configWith({
        instances: [{ name: 'central', url: argocd.url }],
        defaultInstance: 'central',
        environments: ENVIRONMENTS as any,
      }),
      ...authorizing({
        permissions: mockServices.permissions({ result: 'DENY' as any }),
      }),
    });
    const r = await run(denied as any, input({ environment: 'prod' }));
    expect(r.error?.name).toBe('NotAllowedError');
    expect(argocd.callsTo('ClusterService_Create')).toEqual([]);
  });

  it('says what to do when Argo CD refuses or cannot reach the cluster', async () => {
    const unreachable = await go(input({ server: 'https://10.0.0.1' }));
    expect(unreachable.error?.message).toMatch(
      /answered 500 to POST \/api\/v1\/clusters: error getting server version/,
    );
    argocd.clusterApi.deny({ action: 'create' });
    const refused = await go(input());
    expect(refused.error?.name).toBe('NotAllowedError');
    expect(refused.error?.message).toContain('grant it in argocd-rbac-cm');
  });
});
