import { ArgoApp, argoCdFindings, globMatch, policyFindings } from './argocd';
import { CLUSTER_SCOPED } from './references';

const app = (over: any = {}): any => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'api-dev', namespace: 'argocd' },
  spec: {
    project: 'api',
    source: {
      repoURL: 'https://github.com/acme/api.git',
      path: 'deploy/dev',
      targetRevision: 'main',
    },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'api' },
    ...over,
  },
});

const project = (spec: any = {}) => ({
  instance: 'default',
  project: {
    kind: 'AppProject',
    metadata: { name: 'api', namespace: 'argocd' },
    spec: {
      sourceRepos: ['https://github.com/acme/api.git'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'api' },
      ],
      ...spec,
    },
  },
});

const namespaceObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'api' },
};

const model = (apps: ArgoApp[], projects = [project()]) => ({
  apps,
  projects,
  repos: new Map([
    [
      'https://github.com/acme/api.git',
      new Map([['deploy/dev/kustomization.yaml', '']]),
    ],
  ]),
  argoCdInCluster: new Set(['dev']),
});

const entry = (application: any, objects: any[] = []): ArgoApp => ({
  environment: 'dev',
  instance: 'default',
  application,
  from: 'fixture',
  objects,
});

const check = (m: ReturnType<typeof model>) =>
  argoCdFindings(m, [], CLUSTER_SCOPED);

describe('globMatch', () => {
  it("matches as Argo CD's project globs do", () => {
    expect(globMatch('*', 'anything')).toBe(true);
    expect(
      globMatch('https://github.com/acme/*', 'https://github.com/acme/x.git'),
    ).toBe(true);
    expect(globMatch('team-*', 'other')).toBe(false);
    expect(globMatch('api', 'api')).toBe(true);
  });
});

describe('argoCdFindings', () => {
  it('accepts an Application its project permits, with the kinds it deploys whitelisted', () => {
    expect(
      check(
        model(
          [entry(app(), [namespaceObject])],
          [
            project({
              clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
            }),
          ],
        ),
      ),
    ).toEqual([]);
  });

  it('reports a cluster-scoped kind the project does not whitelist', () => {
    expect(check(model([entry(app(), [namespaceObject])]))).toEqual([
      'argocd dev: project api (instance default) does not permit the cluster-scoped kinds of: api-dev (Namespace)',
    ]);
  });

  it("reports a chart's cluster-scoped kinds, its repository and its namespace", () => {
    const chartApp = app({
      source: {
        repoURL: 'https://charts.example.com',
        chart: 'x',
        targetRevision: '1.0.0',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'x' },
    });
    expect(
      check(
        model([{ ...entry(chartApp), chartClusterKinds: ['ClusterRole'] }]),
      ),
    ).toEqual([
      'argocd dev: project api (instance default) does not permit the sources of: api-dev (https://charts.example.com)',
      'argocd dev: project api (instance default) does not permit the destinations of: api-dev (https://kubernetes.default.svc x)',
      'argocd dev: project api (instance default) does not permit the cluster-scoped kinds of: api-dev (ClusterRole)',
    ]);
  });

  it('reports a project the instance does not have', () => {
    expect(check(model([entry(app({ project: 'nope' }))]))).toEqual([
      'argocd dev: Application api-dev (fixture) is in project nope, which Argo CD instance default does not have',
    ]);
  });

  it('reports a source path the rendered repository does not have', () => {
    expect(
      check(
        model([
          entry(
            app({
              source: {
                repoURL: 'https://github.com/acme/api.git',
                path: 'deploy/prod',
              },
            }),
          ),
        ]),
      ),
    ).toEqual([
      'argocd dev: Application api-dev (fixture) deploys path deploy/prod of https://github.com/acme/api.git, which does not exist there',
    ]);
  });

  it('reports an object in a namespace the project does not permit', () => {
    expect(
      check(
        model([
          entry(app(), [
            {
              kind: 'ConfigMap',
              metadata: { name: 'c', namespace: 'kube-system' },
            },
          ]),
        ]),
      ),
    ).toEqual([
      'argocd dev: project api (instance default) does not permit the namespaces of: api-dev (ConfigMap c in kube-system)',
    ]);
  });

  describe("whether a destination reaches the environment's cluster", () => {
    const central = (registeredClusters: any[]) => ({
      ...model([]),
      argoCdInCluster: new Set<string>(),
      registeredClusters,
    });
    const named = app({
      destination: { name: 'platform-dev', namespace: 'api' },
    });
    const projectWith = (destinations: any[]) => ({
      instance: 'default',
      project: {
        kind: 'AppProject',
        metadata: { name: 'api', namespace: 'argocd' },
        spec: {
          sourceRepos: ['https://github.com/acme/api.git'],
          destinations,
        },
      },
    });
    const registration = {
      instance: 'default',
      name: 'platform-dev',
      environment: 'dev',
    };

    it('accepts a destination by name that argocd:register-cluster registered with the instance', () => {
      const m = {
        ...central([registration]),
        apps: [entry(named)],
        projects: [projectWith([{ name: 'platform-dev', namespace: 'api' }])],
      };
      expect(check(m)).toEqual([]);
    });

    it('reports a destination by name that no step registers with the instance', () => {
      const m = {
        ...central([{ ...registration, instance: 'prod' }]),
        apps: [entry(named)],
        projects: [projectWith([{ name: 'platform-dev', namespace: 'api' }])],
      };
      expect(check(m)).toEqual([
        'argocd dev: Applications deploy to cluster platform-dev, which nothing registers with Argo CD instance default: api-dev',
      ]);
    });

    it('accepts an in-cluster app-of-apps of Argo CD objects beside a central Argo CD', () => {
      const appOfApps = app({
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'argocd',
        },
      });
      const m = {
        ...central([registration]),
        apps: [entry(appOfApps, [named])],
        projects: [
          projectWith([
            { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
          ]),
        ],
      };
      expect(check(m)).toEqual([]);
    });

    it("accepts Argo CD's own configuration beside a central Argo CD, not any ConfigMap", () => {
      const policy = app({
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'argocd',
        },
      });
      const configMap = (name: string) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'argocd' },
      });
      const m = (name: string) => ({
        ...central([registration]),
        apps: [entry(policy, [configMap(name)])],
        projects: [
          projectWith([
            { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
          ]),
        ],
      });
      expect(check(m('argocd-rbac-cm'))).toEqual([]);
      expect(check(m('app-settings'))).toEqual([
        'argocd dev: Applications deploy to https://kubernetes.default.svc, the cluster Argo CD instance default runs in, not the dev cluster it registers as platform-dev: api-dev',
      ]);
    });

    it("reports workloads sent to the central Argo CD's own cluster when the environment's cluster is registered under a name", () => {
      const m = {
        ...central([registration]),
        apps: [entry(app())],
      };
      expect(check(m)).toEqual([
        'argocd dev: Applications deploy to https://kubernetes.default.svc, the cluster Argo CD instance default runs in, not the dev cluster it registers as platform-dev: api-dev',
      ]);
    });

    it('accepts https://kubernetes.default.svc where Argo CD is installed into the cluster', () => {
      // model()'s argoCdInCluster holds dev: a Terraform helm_release of
      // argo-cd (or an argo-cd chart Application) put it there.
      expect(check(model([entry(app())]))).toEqual([]);
    });
  });

  it('reports an in-cluster destination where no Argo CD runs in the cluster', () => {
    const m = { ...model([entry(app())]), argoCdInCluster: new Set<string>() };
    expect(check(m)).toEqual([
      'argocd dev: Applications deploy to https://kubernetes.default.svc, but nothing installs Argo CD in the dev cluster or registers the cluster with an Argo CD',
    ]);
  });
});

describe('policyFindings', () => {
  const files = new Map([
    [
      'argocd/default/policy.team.csv',
      [
        '# comment',
        'p, role:a, applications, get, api/*, allow',
        'p, role:a, applications, get, api-dev/*, allow',
        'p, role:a, clusters, get, *, allow',
        'g, ada@example.com, role:a',
      ].join('\n'),
    ],
  ]);

  it('reports projects a policy grants on that the instance does not have', () => {
    expect(policyFindings('access', files, [project()], [])).toEqual([
      'argocd-policy: access argocd/default/policy.team.csv grants on projects api-dev, which Argo CD instance default does not have',
    ]);
  });

  it('accepts grants on existing projects', () => {
    const ok = new Map([
      [
        'argocd/policy.team.csv',
        'p, role:a, applications, sync, api/*, allow\n',
      ],
    ]);
    expect(policyFindings('access', ok, [project()], [])).toEqual([]);
  });
});
