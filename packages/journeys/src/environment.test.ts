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

jest.setTimeout(300_000);

/**
 * environment (AWS, dev, "Apply now"): the environment repository on the
 * GitHub stand-in, then bootstrap, network and cluster as three governed
 * terraform:apply runs (plans synthesized from each rendered layer, the
 * network's outputs becoming the cluster's variables), the add-ons as an
 * Argo CD app-of-apps, and the environment's Resource in the catalog.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ADDONS = [
  'ingress-nginx',
  'cert-manager',
  'external-dns',
  'external-secrets',
  'kube-prometheus-stack',
];

/** What the network layer's apply returns (the stand-in's state outputs). */
const NETWORK_OUTPUTS = {
  vpc_id: 'vpc-0a1b2c3d4e5f60001',
  vpc_cidr_block: '10.20.0.0/16',
  private_subnet_ids: ['subnet-0a1b2c3d4e5f61001', 'subnet-0a1b2c3d4e5f61002'],
};

describe.each(databases.eachSupportedId())('environment on %s', databaseId => {
  let portal: Portal;
  let task: FinishedTask;

  beforeAll(async () => {
    portal = await startPortal({
      databases,
      databaseId,
      terraform: {
        plan: planOfRenderedCode('dev'),
        outputs: {
          vpc_id: { value: NETWORK_OUTPUTS.vpc_id },
          vpc_cidr_block: { value: NETWORK_OUTPUTS.vpc_cidr_block },
          private_subnet_ids: {
            value: NETWORK_OUTPUTS.private_subnet_ids,
            type: ['list', 'string'],
          },
        },
      },
    });
    task = await runTemplate(portal.server, 'environment', {
      environment: 'dev',
      cloud: 'aws',
      organization: 'acme',
      owner: 'group:default/platform',
      alertEmail: 'platform@example.com',
      cidrBlock: '10.20.0.0/16',
      addons: ADDONS,
      domain: 'dev.example.com',
      repoUrl: 'github.com?owner=acme&repo=platform-dev',
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
    expect(task.steps).toEqual({
      authorize: 'completed',
      resolve: 'completed',
      'fetch-common': 'completed',
      'fetch-infra': 'completed',
      publish: 'completed',
      bootstrap: 'completed',
      network: 'completed',
      cluster: 'completed',
      addons: 'completed',
      register: 'completed',
    });
    expect(task.output.links).toEqual([
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
    ]);
    const table = task.output.text[0].content as string;
    expect(table).toContain(
      '| bootstrap | 0 | 1 USD | {"critical":0,"high":0,"medium":0,"low":1} |',
    );
    expect(table).toContain(
      '| network | 0 | 37.5 USD | {"critical":0,"high":0,"medium":0,"low":0} |',
    );
    expect(table).toContain('Budget of the environment: 500 USD a month.');
    // Each run's gate verdict is in the log before its apply.
    expect(task.log.filter(l => l === 'info: Gate passed.')).toHaveLength(3);
  });

  it('pushes the layered repository: bootstrap, network, cluster and the add-ons', () => {
    const files = Object.keys(
      portal.github.repos.files('acme', 'platform-dev', 'main'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'DECISIONS.md',
        'infra/bootstrap/main.tf',
        'infra/network/main.tf',
        'infra/cluster/main.tf',
        'platform/addons/applications.yaml',
        'platform/cluster-issuers/cluster-issuers.yaml',
        'platform/grafana-admin/grafana-admin.yaml',
      ]),
    );
  });

  it('runs each layer as its own Terraform run, with its own state key, in order', () => {
    const order = portal.terraform
      .calls()
      .filter(c => c.cwd.includes(task.id) && c.argv[0] === 'apply')
      .map(c => c.cwd.split('/').pop());
    expect(order).toEqual(['bootstrap', 'network', 'cluster']);
    for (const layer of ['bootstrap', 'network', 'cluster']) {
      const calls = layerCalls(layer).filter(c => c.argv[0] !== 'version');
      expect(commandsOf(calls)).toEqual(APPLIED_RUN);
      expect(calls[0].backend).toEqual(
        initializedBackend(
          'dev',
          `resource/default/environment-dev/dev/infra/${layer}.tfstate`,
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
    // The cluster that was applied is the rendered EKS module's.
    expect(portal.terraform.state().resources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^module\.cluster\.aws_eks_cluster\./),
      ]),
    );
  });

  it('delivers the add-ons as one Argo CD app-of-apps, labelled for the environment', () => {
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
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
    });
    expect(app?.status?.sync?.status).toBe('Synced');
  });

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
      'cluster-issuers-dev',
      'grafana-admin-dev',
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
      ]),
    );
  });

  it("registers the environment; platform status shows the last layer's run, its cost and findings, and each layer's estimate in the trend", async () => {
    const entity = await catalogEntity(
      portal.server,
      'resource:default/environment-dev',
    );
    expect(entity.spec).toMatchObject({ owner: 'group:default/platform' });
    const { dev } = await platformStatus(
      portal.server,
      'resource:default/environment-dev',
    );
    expect(dev.infrastructure).toMatchObject({
      state: 'ok',
      result: 'applied',
      runId: `${task.id}/cluster/dev`,
    });
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
      1, 37.5, 199.472,
    ]);
    expect(dev.compliance).toMatchObject({
      state: 'ok',
      blocking: false,
      threshold: 'critical',
    });
    expect(dev.compliance.findings.length).toBeGreaterThan(0);
  });
});
