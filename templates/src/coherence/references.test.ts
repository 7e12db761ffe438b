import { Prerequisite } from './prerequisites';
import {
  Cluster,
  clusterReferenceFindings,
  hostnameFindings,
} from './references';

const ns = (name: string) => ({
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  from: 'fixture',
});

const deployment = (pod: any) => ({
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'svc' },
    spec: { template: { spec: { containers: [{ name: 'c' }], ...pod } } },
  },
  from: 'fixture',
});

const cluster = (over: Partial<Cluster>): Cluster => ({
  environment: 'dev',
  account: '111111111111',
  objects: [ns('svc')],
  createdNamespaces: [],
  charts: [],
  iamRoles: [],
  ...over,
});

const check = (c: Partial<Cluster>, prerequisites: Prerequisite[] = []) =>
  clusterReferenceFindings(cluster(c), prerequisites);

describe('clusterReferenceFindings', () => {
  it('resolves what the cluster holds', () => {
    expect(
      check({
        objects: [
          ns('svc'),
          deployment({
            serviceAccountName: 'api',
            volumes: [{ name: 'v', secret: { secretName: 's' } }],
            containers: [
              {
                name: 'c',
                envFrom: [{ configMapRef: { name: 'cm' } }],
                env: [
                  {
                    name: 'OPTIONAL',
                    valueFrom: {
                      secretKeyRef: { name: 'nope', key: 'k', optional: true },
                    },
                  },
                ],
              },
            ],
          }),
          {
            object: {
              kind: 'ServiceAccount',
              metadata: { name: 'api', namespace: 'svc' },
            },
            from: 'f',
          },
          {
            object: {
              kind: 'Secret',
              metadata: { name: 's', namespace: 'svc' },
            },
            from: 'f',
          },
          {
            object: {
              kind: 'ConfigMap',
              metadata: { name: 'cm', namespace: 'svc' },
            },
            from: 'f',
          },
        ],
      }),
    ).toEqual([]);
  });

  it('reports namespaces, Secrets, ConfigMaps and ServiceAccounts that nothing creates', () => {
    expect(
      check({
        objects: [
          deployment({
            serviceAccountName: 'api',
            imagePullSecrets: [{ name: 'pull' }],
            containers: [
              {
                name: 'c',
                env: [
                  {
                    name: 'X',
                    valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } },
                  },
                ],
              },
            ],
          }),
        ],
      }),
    ).toEqual([
      'namespace dev: Deployment svc/api (fixture) is in namespace svc, which nothing creates',
      'secret dev: Deployment svc/api (fixture) uses Secret svc/pull, which nothing creates',
      'configmap dev: Deployment svc/api (fixture) uses ConfigMap svc/cm, which nothing creates',
      'serviceaccount dev: Deployment svc/api (fixture) runs as ServiceAccount svc/api, which nothing creates',
    ]);
  });

  it('takes a namespace that Argo CD creates, or one of the prerequisites', () => {
    const objects = [deployment({})];
    expect(
      check({
        objects,
        createdNamespaces: [{ namespace: 'svc', from: 'app' }],
      }),
    ).toEqual([]);
    expect(
      check({ objects }, [
        {
          kind: 'Namespace',
          name: 'svc',
          namespace: '',
          environments: ['dev'],
          provider: 'x',
        },
      ]),
    ).toEqual([]);
  });

  describe('IRSA role ARNs', () => {
    const sa = (arn: string) => ({
      object: {
        kind: 'ServiceAccount',
        metadata: {
          name: 'api',
          namespace: 'svc',
          annotations: { 'eks.amazonaws.com/role-arn': arn },
        },
      },
      from: 'f',
    });
    const role = { account: '111111111111', name: 'api', root: 'infra/dev' };

    it('resolve to a role that an applied Terraform root creates', () => {
      expect(
        check({
          objects: [ns('svc'), sa('arn:aws:iam::111111111111:role/api')],
          iamRoles: [{ ...role, applied: true }],
        }),
      ).toEqual([]);
    });

    it("are checked against the role's trust policy, when the plan knows it", () => {
      const objects = [ns('svc'), sa('arn:aws:iam::111111111111:role/api')];
      expect(
        check({
          objects,
          iamRoles: [
            {
              ...role,
              applied: true,
              trustedSubjects: ['system:serviceaccount:svc:*'],
            },
          ],
        }),
      ).toEqual([]);
      expect(
        check({
          objects,
          iamRoles: [
            {
              ...role,
              applied: true,
              trustedSubjects: ['system:serviceaccount:other:api'],
            },
          ],
        }),
      ).toEqual([
        'iam-role dev: ServiceAccount svc/api (f) assumes role arn:aws:iam::111111111111:role/api, whose trust policy admits system:serviceaccount:other:api, not system:serviceaccount:svc:api',
      ]);
    });

    it('are reported when nothing creates the role, nothing applies it, or it is in another account', () => {
      expect(
        check({
          objects: [
            ns('svc'),
            sa('arn:aws:iam::111111111111:role/other'),
            sa('arn:aws:iam::111111111111:role/api'),
            sa('arn:aws:iam::222222222222:role/api'),
          ],
          iamRoles: [{ ...role, applied: false }],
        }),
      ).toEqual([
        'iam-role dev: ServiceAccount svc/api (f) assumes role arn:aws:iam::111111111111:role/other, which no rendered Terraform creates',
        'iam-role dev: ServiceAccount svc/api (f) assumes role arn:aws:iam::111111111111:role/api, which infra/dev creates but no template step applies',
        'iam-role dev: ServiceAccount svc/api (f) assumes role arn:aws:iam::222222222222:role/api in account 222222222222, but the dev cluster runs in 111111111111',
      ]);
    });
  });

  describe('Ingress', () => {
    const ingress = {
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: 'api',
          namespace: 'svc',
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        },
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['a.dev.example.com'], secretName: 'api-tls' }],
          rules: [{ host: 'a.dev.example.com' }],
        },
      },
      from: 'f',
    };
    const issuer = {
      object: { kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' } },
      from: 'f',
    };
    const charts = [
      {
        chart: 'ingress-nginx',
        namespace: 'ingress-nginx',
        values: {},
        from: 'a',
      },
      {
        chart: 'cert-manager',
        namespace: 'cert-manager',
        values: {},
        from: 'b',
      },
    ];

    it('resolves its issuer, class (from the ingress-nginx chart) and certificate Secret (issued by cert-manager)', () => {
      expect(check({ objects: [ns('svc'), ingress, issuer], charts })).toEqual(
        [],
      );
    });

    it('reports a missing issuer, class, cert-manager and TLS Secret', () => {
      expect(check({ objects: [ns('svc'), ingress] })).toEqual([
        'issuer dev: Ingress svc/api (f) asks cert-manager for ClusterIssuer letsencrypt, which nothing creates',
        'issuer dev: Ingress svc/api (f) needs cert-manager, which the cluster does not run',
        'ingressclass dev: Ingress svc/api (f) uses IngressClass nginx, which nothing creates',
        'secret dev: Ingress svc/api (f) serves TLS from Secret svc/api-tls, which nothing creates',
      ]);
    });
  });

  it('reports a binding to a role that nothing creates', () => {
    const binding = {
      object: {
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'svc' },
        roleRef: { kind: 'ClusterRole', name: 'edit' },
      },
      from: 'f',
    };
    expect(check({ objects: [ns('svc'), binding] })).toEqual([
      'role dev: RoleBinding svc/b (f) binds ClusterRole edit, which nothing creates',
    ]);
    expect(
      check({ objects: [ns('svc'), binding] }, [
        {
          kind: 'ClusterRole',
          name: 'edit',
          namespace: '',
          environments: ['*'],
          provider: 'Kubernetes',
        },
      ]),
    ).toEqual([]);
  });

  it("checks a chart's existingSecret and IRSA values", () => {
    const release = {
      chart: 'kube-prometheus-stack',
      namespace: 'monitoring',
      from: 'app',
      values: {
        grafana: { admin: { existingSecret: 'grafana-admin' } },
        serviceAccount: {
          annotations: {
            'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/x',
          },
        },
      },
    };
    expect(check({ charts: [release] })).toEqual([
      'secret dev: chart kube-prometheus-stack in monitoring (app) value grafana.admin.existingSecret names Secret monitoring/grafana-admin, which nothing creates',
      'iam-role dev: chart kube-prometheus-stack in monitoring (app) value serviceAccount.annotations assumes role arn:aws:iam::111111111111:role/x, which no rendered Terraform creates',
    ]);
    expect(
      check({
        charts: [release],
        objects: [
          ns('monitoring'),
          {
            object: {
              kind: 'Secret',
              metadata: { name: 'grafana-admin', namespace: 'monitoring' },
            },
            from: 'f',
          },
        ],
        iamRoles: [
          { account: '111111111111', name: 'x', root: 'r', applied: true },
        ],
      }),
    ).toEqual([]);
  });

  it("checks kube-prometheus-stack's Alertmanager configSecret like an existingSecret", () => {
    const release = {
      chart: 'kube-prometheus-stack',
      namespace: 'monitoring',
      from: 'app',
      values: {
        alertmanager: {
          alertmanagerSpec: {
            useExistingSecret: true,
            configSecret: 'alertmanager-smtp',
          },
        },
      },
    };
    expect(check({ charts: [release] })).toEqual([
      'secret dev: chart kube-prometheus-stack in monitoring (app) value alertmanager.alertmanagerSpec.configSecret names Secret monitoring/alertmanager-smtp, which nothing creates',
    ]);
    expect(
      check({
        charts: [release],
        objects: [
          ns('monitoring'),
          {
            object: {
              kind: 'Secret',
              metadata: { name: 'alertmanager-smtp', namespace: 'monitoring' },
            },
            from: 'f',
          },
        ],
      }),
    ).toEqual([]);
  });

  it('takes a Secret an ExternalSecret writes, only where the operator is installed', () => {
    const release = {
      chart: 'kube-prometheus-stack',
      namespace: 'monitoring',
      from: 'app',
      values: { grafana: { admin: { existingSecret: 'grafana-admin' } } },
    };
    const externalSecret = (target?: string) => ({
      object: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'grafana-admin-password', namespace: 'monitoring' },
        spec: target ? { target: { name: target } } : {},
      },
      from: 'f',
    });
    const operator = {
      chart: 'external-secrets',
      namespace: 'external-secrets',
      from: 'eso',
      values: {},
    };
    const missing =
      'secret dev: chart kube-prometheus-stack in monitoring (app) value grafana.admin.existingSecret names Secret monitoring/grafana-admin, which nothing creates';
    const objects = (target?: string) => [
      ns('monitoring'),
      externalSecret(target),
    ];
    expect(
      check({ charts: [release, operator], objects: objects('grafana-admin') }),
    ).toEqual([]);
    // Without the operator nothing reconciles it; another target is another Secret.
    expect(
      check({ charts: [release], objects: objects('grafana-admin') }),
    ).toEqual([missing]);
    expect(check({ charts: [release, operator], objects: objects() })).toEqual([
      missing,
    ]);
  });
});

describe('hostnameFindings', () => {
  const ingressFor = (host: string) => ({
    object: {
      kind: 'Ingress',
      metadata: { name: 'api', namespace: 'svc' },
      spec: { rules: [{ host }] },
    },
    from: 'f',
  });
  const dns = (zone: string) => [
    {
      chart: 'external-dns',
      namespace: 'external-dns',
      values: { domainFilters: [zone] },
      from: 'a',
    },
  ];

  it('accepts one name per cluster, inside its zone', () => {
    expect(
      hostnameFindings([
        cluster({
          objects: [ingressFor('api.dev.example.com')],
          charts: dns('dev.example.com'),
        }),
        cluster({
          environment: 'prod',
          objects: [ingressFor('api.example.com')],
          charts: dns('example.com'),
        }),
      ]),
    ).toEqual([]);
  });

  it('reports a name outside the zone and a name several clusters serve', () => {
    expect(
      hostnameFindings([
        cluster({
          objects: [ingressFor('api.example.com')],
          charts: dns('dev.example.com'),
        }),
        cluster({
          environment: 'prod',
          objects: [ingressFor('api.example.com')],
        }),
      ]),
    ).toEqual([
      'hostname dev: Ingress svc/api (f) serves api.example.com, outside the zone external-dns manages there (dev.example.com)',
      'hostname: api.example.com is served by the clusters of dev, prod',
    ]);
  });
});
