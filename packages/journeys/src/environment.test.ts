import { TestDatabases } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  APPLIED_RUN,
  ARGOCD_TOKEN,
  commandsOf,
  initializedBackend,
  planOfRenderedCode,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  catalogEntity,
  FinishedTask,
  platformStatus,
  runTemplate,
} from './__testUtils__/tasks';

import { CENTRAL_ARGOCD_ROLE } from '@groundwork/templates';

jest.setTimeout(300_000);

/**
 * environment (AWS, "Apply now"): the environment repository on the GitHub
 * stand-in, then bootstrap, network and cluster as governed terraform:apply
 * runs (plans synthesized from each rendered layer, the network's outputs
 * becoming the cluster's variables), the cluster's delivery as configured,
 * and the environment's Resource in the catalog. Delivery, both modes of
 * groundwork.environments[].delivery:
 * - dev, central: the new cluster is registered with the portal's Argo CD
 *   (argocd:register-cluster, keyless as the central Argo CD's IAM role), and
 *   the add-ons app-of-apps is created there, its add-ons targeting that
 *   cluster by name;
 * - staging, in-cluster: one more governed layer installs Argo CD, its
 *   project and the app-of-apps into the new cluster; nothing is sent to
 *   the portal's Argo CD.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ADDONS = [
  'ingress-nginx',
  'cert-manager',
  'external-dns',
  'external-secrets',
  'kyverno',
  'loki',
  'tempo',
  'kube-prometheus-stack',
];

/** What the network layer's apply returns (the stand-in's state outputs). */
const NETWORK_OUTPUTS = {
  vpc_id: 'vpc-0a1b2c3d4e5f60001',
  vpc_cidr_block: '10.20.0.0/16',
  private_subnet_ids: ['subnet-0a1b2c3d4e5f61001', 'subnet-0a1b2c3d4e5f61002'],
};

/** What the cluster layer's apply returns. */
const EKS_ENDPOINT =
  'https://0A1B2C3D4E5F60001.gr7.us-east-1.eks.amazonaws.com';
const EKS_CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=';
const clusterOutputs = (environment: string) => ({
  cluster_name: `platform-${environment}`,
  cluster_endpoint: EKS_ENDPOINT,
  cluster_certificate_authority: EKS_CA,
  oidc_provider_arn: `arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`,
});

type Case = {
  databaseId: ReturnType<typeof databases.eachSupportedId>[number][0];
  environment: 'dev' | 'staging';
};
// Central delivery on every database; in-cluster once.
const CASES: Array<[string, Case]> = [
  ...databases
    .eachSupportedId()
    .map(([databaseId]) => [
      `${databaseId}, dev (central Argo CD)`,
      { databaseId, environment: 'dev' } as Case,
    ]),
  [
    'SQLITE_3, staging (Argo CD in the cluster)',
    { databaseId: 'SQLITE_3', environment: 'staging' },
  ],
] as Array<[string, Case]>;

describe.each(CASES)('environment on %s', (_label, kase) => {
  const { databaseId, environment } = kase;
  const central = environment === 'dev';
  const layers = central
    ? ['bootstrap', 'network', 'cluster']
    : ['bootstrap', 'network', 'cluster', 'delivery'];
  let portal: Portal;
  let task: FinishedTask;

  beforeAll(async () => {
    const outputs = { ...NETWORK_OUTPUTS, ...clusterOutputs(environment) };
    portal = await startPortal({
      databases,
      databaseId,
      // New environment is what registers its cluster.
      environmentsExist: false,
      terraform: {
        plan: planOfRenderedCode(environment),
        // One list for every layer; each writes only what it declares.
        outputsDeclaredOnly: true,
        outputs: Object.fromEntries(
          Object.entries(outputs).map(([k, value]) => [
            k,
            Array.isArray(value)
              ? { value, type: ['list', 'string'] }
              : { value },
          ]),
        ),
      },
    });
    task = await runTemplate(portal.server, 'environment', {
      environment,
      cloud: 'aws',
      organization: 'acme',
      owner: 'group:default/platform',
      alertEmail: 'platform@example.com',
      cidrBlock: '10.20.0.0/16',
      addons: ADDONS,
      domain: `${environment}.example.com`,
      repoUrl: `github.com?owner=acme&repo=platform-${environment}`,
      apply: true,
    });
  });
  afterAll(() => portal?.stop());
  afterEach(() => portal.assertNoViolations());

  const layerCalls = (layer: string) =>
    portal.terraform
      .calls()
      .filter(
        c => c.cwd.includes(task.id) && c.cwd.endsWith(`/infra/${layer}`),
      );

  it('completes every step, and its output gives each layer its estimate', () => {
    expect([task.status, task.error]).toEqual(['completed', undefined]);
    expect(
      Object.entries(task.steps)
        .filter(([, status]) => status !== 'skipped')
        .map(([step]) => step),
    ).toEqual([
      'authorize',
      'resolve',
      // The order of the environments: the mesh is off by default in the
      // first (dev).
      'stages',
      'fetch-common',
      'fetch-infra',
      ...(central ? [] : ['fetch-delivery', 'fetch-delivery-cloud']),
      'publish',
      'bootstrap',
      'network',
      'cluster',
      ...(central ? ['register-cluster', 'addons'] : ['delivery']),
      'register',
    ]);
    expect(
      new Set(Object.values(task.steps).filter(x => x !== 'skipped')),
    ).toEqual(new Set(['completed']));
    // With its own Argo CD, the portal has no link to give for the add-ons.
    const links = central
      ? [
          {
            title: 'Environment repository',
            url: portal.github.cloneUrl('acme', 'platform-dev'),
          },
          {
            title: 'Platform add-ons in Argo CD',
            icon: 'dashboard',
            url: `${portal.argocd.url}/applications/platform-addons-dev`,
          },
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: 'resource:default/environment-dev',
          },
        ]
      : [
          {
            title: 'Environment repository',
            url: portal.github.cloneUrl('acme', 'platform-staging'),
          },
          { title: 'Platform add-ons in Argo CD', icon: 'dashboard' },
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: 'resource:default/environment-staging',
          },
        ];
    expect(task.output.links).toEqual(links);
    const table = task.output.text[0].content as string;
    // Two KMS keys: the state key and the security baseline's audit key.
    // Failed, all by design (terraform-modules' acceptedFindings.ts): the
    // access-log bucket's own logs and the trail's SNS topic (low), and,
    // outside production, the trail kept out of CloudWatch Logs (medium).
    expect(table).toContain(
      '| bootstrap | 0 | 2 USD | {"critical":0,"high":0,"medium":1,"low":2} |',
    );
    // NAT is dearer in eu-west-1 (staging) than in us-east-1 (dev).
    expect(table).toContain(
      `| network | 0 | ${
        central ? '37.5' : '39.69'
      } USD | {"critical":0,"high":0,"medium":0,"low":0} |`,
    );
    expect(table).toContain(
      `Budget of the environment: ${central ? 500 : 1000} USD a month.`,
    );
    // Each run's gate verdict is in the log before its apply.
    expect(task.log.filter(l => l === 'info: Gate passed.')).toHaveLength(
      layers.length,
    );
  });

  it('pushes the layered repository: bootstrap, network, cluster and the add-ons', () => {
    const files = Object.keys(
      portal.github.repos.files('acme', `platform-${environment}`, 'main'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'DECISIONS.md',
        ...['bootstrap', 'network', 'cluster'].map(l => `infra/${l}/main.tf`),
        'platform/addons/applications.yaml',
        'platform/cluster-issuers/cluster-issuers.yaml',
        'platform/grafana-admin/grafana-admin.yaml',
        'platform/kyverno-policies/baseline.yaml',
        'platform/alertmanager-smtp/alertmanager-smtp.yaml',
      ]),
    );
    // With its own Argo CD: the same Argo CD, project and app-of-apps on
    // every cloud, reached through this cloud's provider and state.
    expect(files.filter(f => f.startsWith('infra/delivery/')).sort()).toEqual(
      central
        ? []
        : [
            'infra/delivery/argocd.tf',
            'infra/delivery/backend.tf',
            'infra/delivery/outputs.tf',
            'infra/delivery/provider.tf',
            'infra/delivery/variables-aws.tf',
            'infra/delivery/variables.tf',
            'infra/delivery/versions.tf',
          ],
    );
  });

  it('runs each layer as its own Terraform run, with its own state key, in order', () => {
    const order = portal.terraform
      .calls()
      .filter(c => c.cwd.includes(task.id) && c.argv[0] === 'apply')
      .map(c => c.cwd.split('/').pop());
    expect(order).toEqual(layers);
    for (const layer of layers) {
      const calls = layerCalls(layer).filter(x => x.argv[0] !== 'version');
      expect(commandsOf(calls)).toEqual(APPLIED_RUN);
      expect(calls[0].backend).toEqual(
        initializedBackend(
          environment,
          `resource/default/environment-${environment}/${environment}/infra/${layer}.tfstate`,
        ),
      );
    }
  });

  it("gives the cluster layer the network layer's outputs as variables, in a file rather than the command line", () => {
    const [plan] = layerCalls('cluster').filter(c => c.argv[0] === 'plan');
    expect(plan.tfvarsFiles).toEqual({
      'zz-groundwork.auto.tfvars.json': NETWORK_OUTPUTS,
    });
    expect(plan.argv.join(' ')).not.toContain('vpc-');
    const [networkPlan] = layerCalls('network').filter(
      c => c.argv[0] === 'plan',
    );
    expect(networkPlan.tfvarsFiles).toEqual({});
  });

  (central ? describe.skip : describe)('in-cluster delivery', () => {
    it('installs Argo CD, its project and the app-of-apps into the new cluster, and asks nothing of a pre-existing Argo CD', () => {
      // Argo CD, the project and the app-of-apps come from the delivery
      // layer, applied into the new cluster with the cluster layer's outputs.
      const [plan] = layerCalls('delivery').filter(x => x.argv[0] === 'plan');
      expect(plan.tfvarsFiles).toEqual({
        'zz-groundwork.auto.tfvars.json': clusterOutputs('staging'),
      });
      expect(portal.terraform.state().resources).toEqual([
        'helm_release.argocd',
        'helm_release.platform',
      ]);
      // Nothing is asked of a pre-existing Argo CD.
      expect(portal.argocd.calls.filter(x => x.method !== 'GET')).toEqual([]);
      expect(portal.argocd.application('platform-addons-staging')).toBe(
        undefined,
      );
    });
  });

  (central ? describe : describe.skip)('central delivery', () => {
    it('registers the new cluster with the central Argo CD, keylessly, and creates the app-of-apps whose add-ons target it', () => {
      // The cluster layer let the central Argo CD's role in.
      expect(portal.terraform.state().resources).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^module\.cluster\.aws_eks_cluster\./),
          'aws_eks_access_entry.argocd',
          'aws_eks_access_policy_association.argocd',
        ]),
      );
      // Registered keylessly: the central Argo CD's own IAM role, the
      // cluster's CA, no token.
      expect(portal.argocd.clusterApi.cluster(EKS_ENDPOINT)).toEqual({
        server: EKS_ENDPOINT,
        name: 'platform-dev',
        config: {
          awsAuthConfig: {
            clusterName: 'platform-dev',
            roleARN: CENTRAL_ARGOCD_ROLE,
          },
          tlsClientConfig: { caData: EKS_CA, insecure: false },
        },
        labels: { 'groundwork.dev/environment': 'dev' },
      });
      const app = portal.argocd.application('platform-addons-dev');
      expect(app?.metadata.labels).toEqual({
        'app.kubernetes.io/part-of': 'platform',
        'groundwork.dev/entity-kind': 'resource',
        'groundwork.dev/entity-namespace': 'default',
        'groundwork.dev/entity-name': 'environment-dev',
        'groundwork.dev/environment': 'dev',
      });
      expect(app?.spec).toMatchObject({
        project: 'platform-dev',
        source: {
          repoURL: 'https://github.com/acme/platform-dev.git',
          targetRevision: 'main',
          path: 'platform/addons',
        },
        // The app-of-apps' Application objects live beside Argo CD...
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'argocd',
        },
      });
      expect(app?.status?.sync?.status).toBe('Synced');
      // ...and each add-on targets the registered cluster.
      const addons = parseAllDocuments(
        portal.github.repos.files('acme', 'platform-dev', 'main')[
          'platform/addons/applications.yaml'
        ],
      ).map(d => d.toJS());
      expect(new Set(addons.map((a: any) => a.spec.destination.name))).toEqual(
        new Set(['platform-dev']),
      );
    });
  });

  // In-cluster, the project is the delivery layer's (the templates' test
  // holds each add-on against it); central, the portal's Argo CD has it.
  (central ? describe : describe.skip)('the central platform project', () => {
    it('creates the platform project from the add-on table, so Argo CD accepts every add-on Application the app-of-apps syncs', async () => {
      const file = portal.github.repos.file(
        'acme',
        'platform-dev',
        'main',
        'platform/addons/applications.yaml',
      )!;
      const apps = parseAllDocuments(file)
        .map(d => d.toJSON())
        .filter(Boolean);
      expect(apps.map((a: any) => a.metadata.name)).toEqual([
        'ingress-nginx-dev',
        'cert-manager-dev',
        'external-dns-dev',
        'external-secrets-dev',
        'kyverno-dev',
        'loki-dev',
        'tempo-dev',
        'alloy-dev',
        'cluster-issuers-dev',
        'secret-store-dev',
        'grafana-admin-dev',
        'alertmanager-smtp-dev',
        'kyverno-policies-dev',
        'kube-prometheus-stack-dev',
      ]);
      // What Argo CD's application controller does with each manifest of
      // the app-of-apps, through the API: the project's sourceRepos and
      // destinations must allow it (before the fix: "application repo
      // https://kubernetes.github.io/ingress-nginx is not permitted in
      // project 'platform-dev'").
      for (const app of apps) {
        const res = await fetch(`${portal.argocd.url}/api/v1/applications`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${ARGOCD_TOKEN}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(app),
        });
        expect([app.metadata.name, res.status, await res.text()]).toEqual([
          app.metadata.name,
          200,
          expect.anything(),
        ]);
      }
      // Exactly: the chart repositories and kinds, no wildcard.
      const project = portal.argocd.project('platform-dev');
      expect(JSON.stringify(project?.spec)).not.toContain('*');
      expect(project?.spec.sourceRepos).toEqual(
        expect.arrayContaining([
          'https://github.com/acme/platform-dev.git',
          'https://charts.jetstack.io',
        ]),
      );
      expect(project?.spec.clusterResourceWhitelist).toEqual(
        expect.arrayContaining([
          { group: '', kind: 'Namespace' },
          { group: 'cert-manager.io', kind: 'ClusterIssuer' },
          { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
        ]),
      );
    });
  });

  it("registers the environment; platform status shows the last layer's run, its cost and findings, and each layer's estimate in the trend", async () => {
    const entity = await catalogEntity(
      portal.server,
      `resource:default/environment-${environment}`,
    );
    expect(entity.spec).toMatchObject({ owner: 'group:default/platform' });
    const status = await platformStatus(
      portal.server,
      `resource:default/environment-${environment}`,
    );
    const here = status[environment];
    const last = layers[layers.length - 1];
    expect(here.infrastructure).toMatchObject({
      state: 'ok',
      result: 'applied',
      runId: `${task.id}/${last}/${environment}`,
    });
    expect(here.cost.trend).toHaveLength(layers.length);
    expect(here.compliance).toMatchObject({ state: 'ok', blocking: false });
  });

  (central ? describe : describe.skip)(
    'platform status of the central dev environment',
    () => {
      it("shows the cluster layer's estimate and the three runs in the trend", async () => {
        const { dev } = await platformStatus(
          portal.server,
          'resource:default/environment-dev',
        );
        // One infrastructure snapshot per entity and environment: each layer's
        // run replaces the last, so the estimate is the cluster layer's, and
        // the trend holds the three runs (not a sum of the layers).
        expect(dev.cost).toMatchObject({
          estimateState: 'ok',
          currency: 'USD',
          budgetMonthly: 500,
          estimatedMonthly: 199.472,
        });
        expect(dev.cost.trend.map((p: any) => p.estimatedMonthly)).toEqual([
          2, 37.5, 199.472,
        ]);
        expect(dev.compliance).toMatchObject({
          state: 'ok',
          blocking: false,
          threshold: 'critical',
        });
        expect(dev.compliance.findings.length).toBeGreaterThan(0);
      });
    },
  );
});
