import { renderAccessApplications, teamApplicationName } from './argocd';

const environments = [
  { name: 'dev', title: 'Dev', order: 0, production: false },
  {
    name: 'prod',
    title: 'Prod',
    order: 1,
    production: true,
    argocdInstance: 'prod',
  },
];

describe('renderAccessApplications', () => {
  const render = (paths: string[]) =>
    renderAccessApplications({
      config: {
        project: 'groundwork-access',
        namespace: 'argocd',
        destinations: { prod: 'https://prod.k8s.acme.dev' },
      },
      repoUrl: 'https://github.com/acme/access.git',
      branch: 'main',
      paths,
      environments,
      instances: ['nonprod', 'prod'],
      defaultInstance: 'nonprod',
    });

  it("puts a team folder in each namespace of the team's services, on the environment's Argo CD", () => {
    const { byInstance } = renderAccessApplications({
      config: {
        project: 'groundwork-access',
        namespace: 'argocd',
        destinations: {},
      },
      repoUrl: 'https://github.com/acme/access.git',
      branch: 'main',
      paths: [
        'kubernetes/prod/teams/payments/kustomization.yaml',
        'kubernetes/prod/teams/payments/Ada-L.yaml',
        'kubernetes/dev/teams/payments/kustomization.yaml',
      ],
      environments,
      instances: ['nonprod', 'prod'],
      defaultInstance: 'nonprod',
      teamNamespaces: new Map([
        ['kubernetes/prod/teams/payments', ['payments-api', 'ledger']],
      ]),
    });
    // dev has no namespaces yet (no service delivered there): no Application.
    expect(byInstance.map(i => i.instance)).toEqual(['prod']);
    const [prod] = byInstance;
    expect(
      prod.applications.map(a => [
        a.metadata.name,
        a.metadata.labels,
        a.spec.destination,
      ]),
    ).toEqual([
      [
        'access-rbac-prod-payments-payments-api',
        {
          'app.kubernetes.io/managed-by': 'groundwork',
          'groundwork.dev/access-team': 'payments',
          'groundwork.dev/environment': 'prod',
        },
        { name: 'platform-prod', namespace: 'payments-api' },
      ],
      [
        'access-rbac-prod-payments-ledger',
        expect.anything(),
        { name: 'platform-prod', namespace: 'ledger' },
      ],
    ]);
    expect(prod.project.spec.destinations).toEqual([
      { name: 'platform-prod', namespace: 'payments-api' },
      { name: 'platform-prod', namespace: 'ledger' },
    ]);
  });

  it('keeps team Application names within a label value, distinct when cut', () => {
    const long = 'a-very-long-namespace-name-for-a-service-that-is-long';
    const a = teamApplicationName('production', 'payments', long);
    const b = teamApplicationName('production', 'payments', `${long}-2`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(
      /^access-rbac-production-payments-a-very-long-.*-[0-9a-f]{8}$/,
    );
    expect(teamApplicationName('dev', 'payments', 'api')).toBe(
      'access-rbac-dev-payments-api',
    );
    expect(teamApplicationName('dev', 'Payments_Core', 'api')).toBe(
      'access-rbac-dev-payments-core-api',
    );
  });

  it("puts each environment's bindings and each policy folder on its Argo CD, in a project allowing only them", () => {
    const { byInstance, ignored } = render([
      'kubernetes/dev/kustomization.yaml',
      'kubernetes/dev/Ada-L.yaml',
      'kubernetes/prod/kustomization.yaml',
      'argocd/default/kustomization.yaml',
      'argocd/prod/kustomization.yaml',
      'README.md',
    ]);
    expect(ignored).toEqual([]);
    expect(
      byInstance.map(i => [
        i.instance ?? '(default)',
        i.applications.map(a => a.metadata.name),
      ]),
    ).toEqual([
      ['(default)', ['access-argocd-policy', 'access-rbac-dev']],
      ['prod', ['access-argocd-policy', 'access-rbac-prod']],
    ]);
    const prod = byInstance.find(i => i.instance === 'prod')!;
    expect(prod.project.spec).toEqual({
      description: 'Access as code: what the reviewed access repository grants',
      sourceRepos: ['https://github.com/acme/access.git'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        { server: 'https://prod.k8s.acme.dev', namespace: '*' },
      ],
      clusterResourceWhitelist: [
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      ],
      namespaceResourceWhitelist: [
        { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
        { group: '', kind: 'ConfigMap' },
      ],
    });
  });

  it("sends an environment's bindings to its cluster: registered by name, in-cluster, or as config says", () => {
    const { byInstance } = renderAccessApplications({
      config: {
        project: 'groundwork-access',
        namespace: 'argocd',
        destinations: { prod: 'https://prod.k8s.acme.dev' },
      },
      repoUrl: 'https://github.com/acme/access.git',
      branch: 'main',
      paths: [
        'kubernetes/dev/kustomization.yaml',
        'kubernetes/staging/kustomization.yaml',
        'kubernetes/prod/kustomization.yaml',
      ],
      environments: [
        ...environments,
        {
          name: 'staging',
          title: 'Staging',
          order: 2,
          production: false,
          delivery: { mode: 'in-cluster' },
        },
      ],
      instances: ['nonprod', 'prod'],
      defaultInstance: 'nonprod',
    });
    const destinations = Object.fromEntries(
      byInstance.flatMap(i =>
        i.applications.map(a => [a.metadata.name, a.spec.destination]),
      ),
    );
    expect(destinations).toEqual({
      // Central (the default): the cluster New environment registered.
      'access-rbac-dev': { name: 'platform-dev' },
      // Its own Argo CD, in the cluster it runs in.
      'access-rbac-staging': { server: 'https://kubernetes.default.svc' },
      'access-rbac-prod': { server: 'https://prod.k8s.acme.dev' },
    });
  });

  it('ignores folders naming no configured environment or instance, and folders without a kustomization', () => {
    const { byInstance, ignored } = render([
      'kubernetes/qa/kustomization.yaml',
      'argocd/elsewhere/kustomization.yaml',
      'kubernetes/dev/Ada-L.yaml',
      'kubernetes/dev/nested/kustomization.yaml',
    ]);
    expect(byInstance).toEqual([]);
    expect(ignored).toEqual([
      {
        path: 'argocd/elsewhere',
        reason: 'no Argo CD instance "elsewhere" in argocd.instances',
      },
      {
        path: 'kubernetes/qa',
        reason: 'no environment "qa" in groundwork.environments',
      },
    ]);
  });
});
