import yaml from 'yaml';
import {
  clusterPolicyProblems,
  destinationPermitted,
  repoPermitted,
  resourcePermitted,
} from '@groundwork/stand-in-test-utils';
import {
  PLATFORM_ADDONS,
  platformAddonsProjectSpec,
} from '@groundwork/plugin-scaffolder-backend-module-groundwork';
import { yamlDocuments } from './__testUtils__/checks';
import { cloudOf } from './testing/cloud';
import { dnsZoneOf } from './testing/portal';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  DryRunResult,
  dryRun,
  startScaffolder,
} from './__testUtils__/scaffolder';
import {
  kustomizeBuild,
  kustomizeUnavailable,
  writeTree,
} from './coherence/kustomize';

jest.setTimeout(300_000);

/**
 * The environment's admission policy (the kyverno add-on and the
 * ClusterPolicies that come with it), rendered by the real scaffolder's dry
 * run. Kyverno cannot run here: the policies are held against Kyverno's own
 * ClusterPolicy CRD (vendored, v1.16.4) and read for their structure, and
 * new-service's rendered Deployments are held against what each policy
 * states, by a plain check written from the policy's rule, not by a Kyverno
 * evaluator. What Kyverno's engine decides is left to `kyverno test` on a
 * real cluster (the template's DECISIONS.md).
 */

/** The ECR registry new-service pushes to: its first environment's (dev's) account. */
const DEV_REGISTRY = '111111111111.dkr.ecr.us-east-1.amazonaws.com';

type Case = {
  cloud: 'aws' | 'gcp' | 'azure';
  environment: string;
  production: boolean;
  imageRegistries?: string[];
  /** The registries its restrict-image-registries policy allows (none: no policy). */
  allowed: string[];
  /** Namespaces every rule excludes. */
  excluded: string[];
};

/**
 * What every rule excludes: kube-system, then the namespace of each chart
 * the environment installs, in sync-wave order (external-dns is offered on
 * AWS only; the service mesh runs by default everywhere but the first
 * stage, dev, and its CNI agent and ztunnel need the host), then what the
 * cloud or the delivery adds.
 */
const excludedOn = (cloud: Case['cloud'], mesh: boolean, ...more: string[]) => [
  'kube-system',
  'ingress-nginx',
  'cert-manager',
  ...(cloud === 'aws' ? ['external-dns'] : []),
  'external-secrets',
  'kyverno',
  ...(mesh ? ['istio-system'] : []),
  'monitoring',
  ...more,
];

const CASES: Case[] = [
  {
    cloud: 'aws',
    environment: 'dev',
    production: false,
    allowed: [DEV_REGISTRY],
    excluded: excludedOn('aws', false),
  },
  {
    cloud: 'aws',
    environment: 'prod',
    production: true,
    // Production admits what dev built, beside its own account's registry.
    imageRegistries: [DEV_REGISTRY],
    allowed: ['333333333333.dkr.ecr.us-east-1.amazonaws.com', DEV_REGISTRY],
    excluded: excludedOn('aws', true),
  },
  {
    // No registry to derive on GCP: none given, images are not restricted.
    cloud: 'gcp',
    environment: 'lab',
    production: false,
    allowed: [],
    // In-cluster delivery: its own Argo CD.
    excluded: excludedOn('gcp', true, 'argocd'),
  },
  {
    cloud: 'azure',
    environment: 'azdev',
    production: false,
    imageRegistries: ['acmeplatform.azurecr.io'],
    allowed: ['acmeplatform.azurecr.io'],
    // The AKS Azure Policy add-on runs Gatekeeper.
    excluded: excludedOn('azure', true, 'gatekeeper-system'),
  },
];

const valuesOf = (c: Case) => ({
  environment: c.environment,
  cloud: c.cloud,
  organization: 'acme',
  owner: 'group:default/platform',
  alertEmail: 'platform@example.com',
  cidrBlock: '10.20.0.0/16',
  addons: [
    'ingress-nginx',
    'cert-manager',
    ...(c.cloud === 'aws' ? ['external-dns'] : []),
    'kyverno',
    'kube-prometheus-stack',
  ],
  ...(c.imageRegistries ? { imageRegistries: c.imageRegistries } : {}),
  domain: dnsZoneOf(c.environment),
  repoUrl: `github.com?owner=acme&repo=platform-${c.environment}`,
  apply: false,
});

/** The baseline every environment gets, and what production adds. */
const BASELINE = [
  'disallow-privileged-containers',
  'disallow-host-namespaces',
  'disallow-host-path',
  'require-requests-limits',
  'require-labels',
];
const policiesOf = (c: Case) => [
  ...BASELINE,
  ...(c.allowed.length > 0 ? ['restrict-image-registries'] : []),
  ...(c.production ? ['require-read-only-root-filesystem'] : []),
];

/**
 * What each policy's pattern must name: the fields of the pod spec (Kyverno
 * writes the same rule for the pod template of Deployments and the other
 * controllers), as `=(x)` when only present ones are checked.
 */
const PATTERNS: Record<string, unknown> = {
  'disallow-privileged-containers': {
    spec: {
      '=(ephemeralContainers)': [
        { '=(securityContext)': { '=(privileged)': 'false' } },
      ],
      '=(initContainers)': [
        { '=(securityContext)': { '=(privileged)': 'false' } },
      ],
      containers: [{ '=(securityContext)': { '=(privileged)': 'false' } }],
    },
  },
  'disallow-host-namespaces': {
    spec: {
      '=(hostNetwork)': 'false',
      '=(hostPID)': 'false',
      '=(hostIPC)': 'false',
    },
  },
  'disallow-host-path': {
    spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] },
  },
  'require-requests-limits': {
    spec: Object.fromEntries(
      ['=(initContainers)', 'containers'].map(field => [
        field,
        [
          {
            resources: {
              requests: { cpu: '?*', memory: '?*' },
              limits: { cpu: '?*', memory: '?*' },
            },
          },
        ],
      ]),
    ),
  },
  'require-labels': {
    metadata: {
      labels: {
        'groundwork.dev/owner': '?*',
        'groundwork.dev/cost-center': '?*',
        'groundwork.dev/environment': '?*',
      },
    },
  },
  'require-read-only-root-filesystem': {
    spec: Object.fromEntries(
      ['=(initContainers)', 'containers'].map(field => [
        field,
        [{ securityContext: { readOnlyRootFilesystem: true } }],
      ]),
    ),
  },
};

/** `a/* | b/*` of restrict-image-registries: the registries it allows. */
const registriesOf = (pattern: string) =>
  pattern.split(' | ').map(p => p.replace(/\/\*$/, ''));

describe('admission policy of the environment (Kyverno)', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  const rendered = new Map<string, DryRunResult>();
  beforeAll(async () => {
    backend = await startScaffolder(state);
    for (const c of CASES)
      rendered.set(
        c.environment,
        await dryRun(backend.server, 'environment', valuesOf(c)),
      );
  });
  afterAll(() => backend?.stop());

  const policiesIn = (c: Case): any[] => {
    const text = rendered
      .get(c.environment)!
      .files.get('platform/kyverno-policies/baseline.yaml');
    return text === undefined ? [] : yamlDocuments(text);
  };
  const applicationsIn = (c: Case): any[] =>
    yamlDocuments(
      rendered
        .get(c.environment)!
        .files.get('platform/addons/applications.yaml')!,
    );

  describe.each(CASES.map(c => [`${c.cloud} ${c.environment}`, c] as const))(
    '%s',
    (_label, c) => {
      it('renders', () => {
        const r = rendered.get(c.environment)!;
        expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      });

      it('installs the pinned Kyverno chart, highly available in production, and its policies after its CRDs', () => {
        const apps = applicationsIn(c);
        const kyverno = apps.find(
          a => a.metadata.name === `kyverno-${c.environment}`,
        );
        expect(
          kyverno.metadata.annotations['argocd.argoproj.io/sync-wave'],
        ).toBe('0');
        const [chart, valuesRef] = kyverno.spec.sources;
        expect(chart).toMatchObject({
          repoURL: 'https://kyverno.github.io/kyverno',
          chart: 'kyverno',
          targetRevision: '3.6.4',
        });
        expect(kyverno.spec.destination.namespace).toBe('kyverno');
        // Kyverno's CRDs are too large for a client-side apply's annotation.
        expect(kyverno.spec.syncPolicy.syncOptions).toContain(
          'ServerSideApply=true',
        );
        const replicas = (v: any) => ({
          admission: v.admissionController.replicas,
          background: v.backgroundController.replicas,
          cleanup: v.cleanupController.replicas,
          reports: v.reportsController.replicas,
        });
        // Its values: the file of the environment's repository the chart
        // source names through the values ref.
        expect(valuesRef.ref).toBe('values');
        const values = yaml.parse(
          rendered
            .get(c.environment)!
            .files.get(chart.helm.valueFiles[0].replace('$values/', ''))!,
        );
        expect(replicas(values)).toEqual(
          c.production
            ? { admission: 3, background: 2, cleanup: 2, reports: 2 }
            : { admission: 1, background: 1, cleanup: 1, reports: 1 },
        );
        const policies = apps.find(
          a => a.metadata.name === `kyverno-policies-${c.environment}`,
        );
        expect(
          policies.metadata.annotations['argocd.argoproj.io/sync-wave'],
        ).toBe('1');
        expect(policies.spec.source).toEqual({
          repoURL: `https://github.com/acme/platform-${c.environment}.git`,
          targetRevision: 'main',
          path: 'platform/kyverno-policies',
        });
      });

      it("is allowed by the environment's AppProject exactly as far as Kyverno needs", () => {
        // As the template asks for it: the add-ons go to the cluster a
        // central Argo CD registered by name, or to its own Argo CD's.
        const central = applicationsIn(c).some(a => a.spec.destination.name);
        const project = platformAddonsProjectSpec(
          `https://github.com/acme/platform-${c.environment}.git`,
          'https://kubernetes.default.svc',
          c.environment,
          central ? `platform-${c.environment}` : undefined,
        );
        for (const app of applicationsIn(c).filter(a =>
          a.metadata.name.startsWith('kyverno'),
        )) {
          for (const source of app.spec.sources ?? [app.spec.source]) {
            expect(repoPermitted(project as any, source.repoURL)).toBe(true);
          }
          expect(
            destinationPermitted(
              project as any,
              app.spec.destination,
              () => undefined,
            ),
          ).toBe(true);
        }
        // What the chart creates at 3.6.4 (charts/kyverno/templates and the
        // crds subchart) and what comes with it: CRDs, ClusterRoles and
        // bindings, the ClusterPolicies. Kyverno registers its webhooks
        // itself, so no webhook kind is asked of the project for it.
        const rows = PLATFORM_ADDONS.filter(a => a.name.startsWith('kyverno'));
        expect(rows.flatMap(a => a.clusterKinds)).toEqual([
          { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
          { group: 'kyverno.io', kind: 'ClusterPolicy' },
          // The portal's policy-report reader (policy-report-reader.yaml).
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        ]);
        for (const kind of rows.flatMap(a => a.clusterKinds))
          expect([
            kind,
            resourcePermitted(project as any, kind, false),
          ]).toEqual([kind, true]);
        // Kyverno's other cluster-scoped kinds, which the chart renders only
        // with values the template does not set, stay refused.
        for (const kind of [
          { group: 'kyverno.io', kind: 'ClusterCleanupPolicy' },
          { group: 'flowcontrol.apiserver.k8s.io', kind: 'FlowSchema' },
          {
            group: 'flowcontrol.apiserver.k8s.io',
            kind: 'PriorityLevelConfiguration',
          },
        ])
          expect([
            kind,
            resourcePermitted(project as any, kind, false),
          ]).toEqual([kind, false]);
        const ownKinds = new Set(
          PLATFORM_ADDONS.flatMap(a => a.clusterKinds).map(
            k => `${k.group}/${k.kind}`,
          ),
        );
        expect(
          project.clusterResourceWhitelist
            .map(k => `${k.group}/${k.kind}`)
            .filter(k => !ownKinds.has(k)),
        ).toEqual(['/Namespace']);
      });

      it('lets the portal get and list the policy reports, and nothing else', () => {
        const text = rendered
          .get(c.environment)!
          .files.get('platform/kyverno-policies/policy-report-reader.yaml');
        const docs = yamlDocuments(text!);
        expect(docs.map(d => `${d.kind}/${d.metadata.name}`)).toEqual([
          'ServiceAccount/groundwork-policy-report-reader',
          'ClusterRole/groundwork-policy-report-reader',
          'ClusterRoleBinding/groundwork-policy-report-reader',
        ]);
        const [account, role, binding] = docs;
        expect(role.rules).toEqual([
          {
            apiGroups: ['wgpolicyk8s.io'],
            resources: ['policyreports', 'clusterpolicyreports'],
            verbs: ['get', 'list'],
          },
        ]);
        expect(binding.roleRef).toEqual({
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: role.metadata.name,
        });
        expect(binding.subjects).toEqual([
          {
            kind: 'ServiceAccount',
            name: account.metadata.name,
            namespace: account.metadata.namespace,
          },
        ]);
        // In the add-on's own namespace, which its Application may write to.
        expect(account.metadata.namespace).toBe(
          PLATFORM_ADDONS.find(a => a.name === 'kyverno-policies')!.namespace,
        );
      });

      it('renders ClusterPolicies that validate against Kyverno v1.16.4’s CRD', () => {
        const policies = policiesIn(c);
        expect(policies.map(p => p.metadata.name)).toEqual(policiesOf(c));
        expect(
          policies.map(p => [p.metadata.name, clusterPolicyProblems(p)]),
        ).toEqual(policies.map(p => [p.metadata.name, []]));
      });

      it(`${
        c.production ? 'enforces' : 'audits'
      } every rule, with the per-rule failureAction of Kyverno 1.13 and later`, () => {
        for (const p of policiesIn(c)) {
          // The policy-wide field is deprecated in 1.16; the rule's wins.
          expect(p.spec).not.toHaveProperty('validationFailureAction');
          expect(p.spec).toMatchObject({ admission: true, background: true });
          for (const rule of p.spec.rules)
            expect([p.metadata.name, rule.validate.failureAction]).toEqual([
              p.metadata.name,
              c.production ? 'Enforce' : 'Audit',
            ]);
        }
      });

      it("matches Pods only, so Kyverno's autogen applies each rule to Deployments and the other pod controllers, and excludes the platform's own namespaces", () => {
        for (const p of policiesIn(c)) {
          // autogen is on unless this annotation narrows it.
          expect(p.metadata.annotations ?? {}).not.toHaveProperty(
            'pod-policies.kyverno.io/autogen-controllers',
          );
          expect(p.spec.rules).toHaveLength(1);
          const [rule] = p.spec.rules;
          expect(rule.match).toEqual({
            any: [{ resources: { kinds: ['Pod'] } }],
          });
          expect(rule.exclude).toEqual({
            any: [{ resources: { namespaces: c.excluded } }],
          });
          expect(typeof rule.validate.message).toBe('string');
        }
      });

      it('states in each pattern the fields its rule is about', () => {
        // restrict-image-registries: one alternative per allowed registry,
        // the same for every kind of container.
        const images = c.allowed.map(r => `${r}/*`).join(' | ');
        const expected: Record<string, unknown> = {
          ...PATTERNS,
          'restrict-image-registries': {
            spec: {
              '=(ephemeralContainers)': [{ image: images }],
              '=(initContainers)': [{ image: images }],
              containers: [{ image: images }],
            },
          },
        };
        expect(
          policiesIn(c).map(p => [
            p.metadata.name,
            p.spec.rules[0].validate.pattern,
          ]),
        ).toEqual(policiesOf(c).map(name => [name, expected[name]]));
      });
    },
  );

  it('says in DECISIONS.md why Kyverno, which version, and why audit or enforce', () => {
    for (const c of CASES) {
      const decisions = rendered.get(c.environment)!.files.get('DECISIONS.md')!;
      expect(decisions).toContain('## Admission policy (Kyverno)');
      expect(decisions).toContain('3.6.4');
      expect(decisions).toContain(c.production ? '**Enforce**' : '**Audit**');
    }
  });

  it('renders no admission policy without kyverno', async () => {
    const r = await dryRun(backend.server, 'environment', {
      ...valuesOf(CASES[0]),
      addons: ['ingress-nginx'],
    });
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    expect(
      [...r.files.keys()].filter(f => f.startsWith('platform/kyverno')),
    ).toEqual([]);
  });

  /**
   * new-service in dev and prod, held against the policies of the
   * environment it runs in: a plain check of the rendered Deployment (built
   * with the real kustomize) written from each policy's stated rule.
   */
  describe('new-service under the policies of its environments', () => {
    const unavailable = kustomizeUnavailable();
    let service: DryRunResult;
    beforeAll(async () => {
      service = await dryRun(backend.server, 'new-service', {
        name: 'payments-api',
        description: 'Takes payments',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        language: 'nodejs',
        costCenter: 'cc-1042',
        environments: ['dev', 'prod'],
        exposure: 'public',
        hostname: 'payments.example.com',
        monthlyBudget: 150,
        productionBudget: 900,
        alertEmail: 'payments@example.com',
        database: false,
        bucket: false,
        dataClassification: 'confidential',
        repoUrl: 'github.com?owner=acme&repo=payments-api',
      });
    });

    it('has kubectl to build the overlays with', () => {
      expect(unavailable).toBeUndefined();
      expect([service.status, service.body?.error?.message]).toEqual([
        200,
        undefined,
      ]);
    });

    it.each(
      CASES.filter(c => c.cloud === 'aws').map(
        c => [c.environment, c] as const,
      ),
    )('passes every policy of %s', (env, c) => {
      const root = writeTree(service.files);
      const built = kustomizeBuild(root, `deploy/overlays/${env}`);
      if (!built.ok) throw new Error(built.error);
      const workloads = built.objects.filter(o => o.spec?.template?.spec);
      expect(workloads.map(o => o.kind)).toEqual(['Deployment']);
      const names = policiesIn(c).map(p => p.metadata.name);
      const registries = registriesOf(
        policiesIn(c).find(
          p => p.metadata.name === 'restrict-image-registries',
        )!.spec.rules[0].validate.pattern.spec.containers[0].image,
      );
      for (const w of workloads) {
        expect(c.excluded).not.toContain(w.metadata.namespace);
        expect(podProblems(w.spec.template, names, registries, env)).toEqual(
          [],
        );
      }
    });
  });
});

/**
 * What the policies named in `policies` would find wrong with a pod
 * template, from each one's stated rule (not Kyverno's engine).
 */
function podProblems(
  template: any,
  policies: string[],
  registries: string[],
  environment: string,
): string[] {
  const pod = template.spec;
  const containers = [
    ...(pod.initContainers ?? []),
    ...(pod.containers ?? []),
    ...(pod.ephemeralContainers ?? []),
  ];
  const problems: string[] = [];
  const check = (policy: string, ok: boolean, what: string) => {
    if (policies.includes(policy) && !ok) problems.push(`${policy}: ${what}`);
  };
  for (const c of containers) {
    check(
      'disallow-privileged-containers',
      c.securityContext?.privileged !== true,
      `${c.name} is privileged`,
    );
    check(
      'require-read-only-root-filesystem',
      c.securityContext?.readOnlyRootFilesystem === true,
      `${c.name} has a writable root file system`,
    );
    check(
      'restrict-image-registries',
      registries.some(r => String(c.image).startsWith(`${r}/`)),
      `${c.name} pulls ${c.image}`,
    );
  }
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const bound of ['requests', 'limits'])
      for (const resource of ['cpu', 'memory'])
        check(
          'require-requests-limits',
          Boolean(c.resources?.[bound]?.[resource]),
          `${c.name} has no ${bound}.${resource}`,
        );
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    check('disallow-host-namespaces', pod[field] !== true, `${field} is set`);
  for (const v of pod.volumes ?? [])
    check('disallow-host-path', !v.hostPath, `volume ${v.name} is a hostPath`);
  const labels = template.metadata?.labels ?? {};
  for (const key of [
    'groundwork.dev/owner',
    'groundwork.dev/cost-center',
    'groundwork.dev/environment',
  ])
    check('require-labels', Boolean(labels[key]), `no label ${key}`);
  // Not what the policy asks (any value), but what it is for.
  check(
    'require-labels',
    labels['groundwork.dev/environment'] === environment,
    `groundwork.dev/environment is ${labels['groundwork.dev/environment']}`,
  );
  return problems;
}
